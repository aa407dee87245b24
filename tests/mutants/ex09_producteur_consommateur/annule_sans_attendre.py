"""Annule les travailleurs après file.join() mais ne les attend pas.

Exigence : E8
Message attendu : annulée, mais pas encore terminée | tache.cancel() ne fait que demander l'arrêt
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            element = await file.get()
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await file.join()
    for tache in travailleurs:
        tache.cancel()
    return resultats

"""Appelle file.task_done() avant de traiter l'élément : join() rend la main trop tôt.

Exigence : E2
Message attendu : file.task_done() est appelé avant la fin du traitement
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            element = await file.get()
            file.task_done()
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await file.join()
    for tache in travailleurs:
        tache.cancel()
    await asyncio.gather(*travailleurs, return_exceptions=True)
    return resultats

"""Range l'exception comme résultat, puis la relance : le travailleur meurt, et ceux qui restent font tout le travail.

Exigence : E6
Message attendu : qui appelaient traiter se sont arrêtées sur une exception
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
            except Exception as echec:
                resultats[element] = echec
                raise
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await file.join()
    for tache in travailleurs:
        tache.cancel()
    await asyncio.gather(*travailleurs, return_exceptions=True)
    return resultats

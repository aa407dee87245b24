"""Oublie await devant traiter dans le travailleur : chaque résultat est une coroutine, traiter ne tourne jamais.

Exigence : C4
Message attendu : sont des coroutines | `await traiter(element)`
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            element = await file.get()
            try:
                resultats[element] = traiter(element)
            except Exception as echec:
                resultats[element] = echec
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

"""Attend file.join() puis rend la main sans arrêter les travailleurs.

Exigence : E8
Message attendu : attend un élément dans file.get() | annule chaque travailleur
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
    return resultats

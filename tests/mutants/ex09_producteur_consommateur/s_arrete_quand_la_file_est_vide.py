"""Le travailleur s'arrête dès que la file est vide (get_nowait), même si la source continue.

Exigence : E2
Message attendu : se sont arrêtés d'eux-mêmes | la file est vide un instant
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            try:
                element = file.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await asyncio.gather(*travailleurs)
    return resultats

"""Des travailleurs se servent dans une file, mais ne sont jamais arrêtés : ils attendent encore dans file.get() au retour.

Exigence : C2
Message attendu : tournent encore quand il rend la main | attends chaque tâche que tu lances
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    file = asyncio.Queue()
    for position, url in enumerate(urls):
        file.put_nowait((position, url))
    contenus = [None] * len(urls)

    async def travailleur():
        while True:
            position, url = await file.get()
            contenus[position] = await telecharger(url)
            file.task_done()

    for _ in range(limite):
        asyncio.create_task(travailleur())
    await file.join()
    return contenus

"""Sans sémaphore : `limite` travailleurs se servent dans une file commune de (position, url).

Chaque travailleur prend l'url suivante dès qu'il est libre : c'est la même
fenêtre glissante qu'avec un sémaphore, sans jamais dépasser `limite`.
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
            try:
                contenus[position] = await telecharger(url)
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(limite)]
    await file.join()
    for tache in travailleurs:
        tache.cancel()
    fins = await asyncio.gather(*travailleurs, return_exceptions=True)
    for fin in fins:
        if not isinstance(fin, asyncio.CancelledError):
            raise fin  # un travailleur arrêté par une erreur de telecharger
    return contenus

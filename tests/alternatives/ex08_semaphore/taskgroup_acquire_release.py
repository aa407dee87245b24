"""Un TaskGroup et un BoundedSemaphore pris à la main (acquire, puis release dans un finally).

Les contenus sont rangés par position dans un dictionnaire, remis en liste à la fin.
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    places = asyncio.BoundedSemaphore(limite)
    contenus = {}

    async def un_telechargement(position, url):
        await places.acquire()
        try:
            contenus[position] = await telecharger(url)
        finally:
            places.release()

    async with asyncio.TaskGroup() as groupe:
        for position, url in enumerate(urls):
            groupe.create_task(un_telechargement(position, url))
    return [contenus[position] for position in range(len(urls))]

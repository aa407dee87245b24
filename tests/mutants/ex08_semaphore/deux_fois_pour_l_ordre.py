"""Télécharge tout avec la limite, puis télécharge à nouveau chaque url, une par une, pour avoir les contenus dans l'ordre.

Exigence : E2
Message attendu : en double | plutôt que de télécharger à nouveau
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)

    async def telecharger_un(url):
        async with semaphore:
            return await telecharger(url)

    await asyncio.gather(*(telecharger_un(url) for url in urls))
    contenus = []
    for url in urls:
        contenus.append(await telecharger(url))
    return contenus

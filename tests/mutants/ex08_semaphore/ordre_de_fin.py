"""Limite bien les téléchargements, mais range les contenus dans l'ordre où ils se terminent.

Exigence : E1
Message attendu : dans l'ordre où les téléchargements se sont terminés
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)
    contenus = []

    async def telecharger_un(url):
        async with semaphore:
            contenus.append(await telecharger(url))

    await asyncio.gather(*(telecharger_un(url) for url in urls))
    return contenus

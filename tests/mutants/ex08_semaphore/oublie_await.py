"""Oublie await devant telecharger dans le `async with` : la liste renvoyée contient des coroutines, rien n'est téléchargé.

Exigence : C4
Message attendu : sont des coroutines | await devant l'appel à telecharger
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)

    async def telecharger_un(url):
        async with semaphore:
            return telecharger(url)

    return await asyncio.gather(*(telecharger_un(url) for url in urls))

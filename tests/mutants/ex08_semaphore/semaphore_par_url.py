"""Crée un nouveau sémaphore pour chaque url : chacun a sa place libre, rien n'est limité.

Exigence : E3
Message attendu : sémaphores différents créés pendant l'appel
"""

import asyncio


async def telecharger_un(url, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)
    async with semaphore:
        return await telecharger(url)


async def telecharger_avec_limite(urls, telecharger, limite):
    return await asyncio.gather(*(telecharger_un(url, telecharger, limite) for url in urls))

"""Entoure le gather entier d'un seul async with : une seule place prise, tout part d'un coup.

Exigence : E3
Message attendu : prise 1 fois seulement | pas autour du gather entier
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)
    async with semaphore:
        return await asyncio.gather(*(telecharger(url) for url in urls))

"""Soumet chaque calcul avec pool.submit et attend les futures via asyncio.wrap_future."""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    with ProcessPoolExecutor() as pool:
        calculs = [asyncio.wrap_future(pool.submit(travail, valeur)) for valeur in valeurs]
        return list(await asyncio.gather(*calculs))

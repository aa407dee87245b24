"""Laisse pool.map du pool de processus attendre les résultats dans un thread (to_thread)."""

import asyncio
from concurrent.futures import ProcessPoolExecutor


def tout_calculer(pool, travail, valeurs):
    return list(pool.map(travail, valeurs))


async def calculer_tous(travail, valeurs):
    with ProcessPoolExecutor() as pool:
        return await asyncio.to_thread(tout_calculer, pool, travail, valeurs)

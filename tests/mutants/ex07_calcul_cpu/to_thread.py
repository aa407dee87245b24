"""Utilise asyncio.to_thread : la boucle reste libre, mais tout reste dans un seul processus.

Exigence : E2
Message attendu : pool de threads par défaut | asyncio.to_thread
"""

import asyncio


async def calculer_tous(travail, valeurs):
    return await asyncio.gather(*(asyncio.to_thread(travail, v) for v in valeurs))

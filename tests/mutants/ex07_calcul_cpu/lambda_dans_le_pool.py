"""Envoie une lambda au pool de processus : elle ne peut pas être « picklée ».

Exigence : E4
Message attendu : pas une lambda
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        calculs = [boucle.run_in_executor(pool, lambda v=v: travail(v)) for v in valeurs]
        return await asyncio.gather(*calculs)

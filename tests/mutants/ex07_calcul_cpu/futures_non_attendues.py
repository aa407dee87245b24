"""Soumet les calculs au pool mais renvoie les futures sans les attendre.

Exigence : E1
Message attendu : des calculs en cours au lieu de leurs résultats
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    pool = ProcessPoolExecutor()
    return [boucle.run_in_executor(pool, travail, v) for v in valeurs]

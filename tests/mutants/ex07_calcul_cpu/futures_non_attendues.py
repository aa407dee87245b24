"""Soumet les calculs au pool mais renvoie les futures sans les attendre.

Message attendu : des calculs en cours au lieu de leurs résultats
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        return [boucle.run_in_executor(pool, travail, v) for v in valeurs]

"""run_in_executor(None, …) : le pool par défaut est fait de threads, pas de processus.

Exigence : E2
Message attendu : pool de threads par défaut | run_in_executor(None, …)
"""

import asyncio


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    return await asyncio.gather(*(boucle.run_in_executor(None, travail, v) for v in valeurs))

"""Soumet les calculs dans le bloc with mais les attend après en être sorti : la sortie du bloc attend les calculs en bloquant la boucle.

Exigence : E5
Message attendu : la boucle n'a pas tourné une seule fois | sortir du bloc attend la fin des calculs
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        calculs = [boucle.run_in_executor(pool, travail, v) for v in valeurs]
    return await asyncio.gather(*calculs)

"""Reprend le chronomètre de la démonstration dans calculer_tous et l'annule sans l'attendre : la tâche tourne encore au retour.

Exigence : C2
Message attendu : tournent encore quand il rend la main | chronometre
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def chronometre():
    while True:
        await asyncio.sleep(0.1)


async def calculer_tous(travail, valeurs):
    tic = asyncio.create_task(chronometre())
    boucle = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        calculs = [boucle.run_in_executor(pool, travail, v) for v in valeurs]
        resultats = await asyncio.gather(*calculs)
    tic.cancel()
    return resultats

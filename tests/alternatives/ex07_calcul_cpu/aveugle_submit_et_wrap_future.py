"""pool.submit et asyncio.wrap_future ; le pool est fermé dans un thread (to_thread).

Réponse juste du corpus aveugle (/work/blind/correct), telle qu'écrite :
Soumet directement au ProcessPoolExecutor (pool.submit) et enveloppe chaque
concurrent.futures.Future avec asyncio.wrap_future ; le pool est fermé dans
un thread pour ne pas bloquer la boucle.
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    pool = ProcessPoolExecutor()
    try:
        futurs = [asyncio.wrap_future(pool.submit(travail, valeur)) for valeur in valeurs]
        return list(await asyncio.gather(*futurs))
    finally:
        # shutdown(wait=True) attend les processus : on le fait hors de la boucle
        await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

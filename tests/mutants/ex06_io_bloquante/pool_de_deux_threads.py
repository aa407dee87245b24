"""Lit les profils dans un pool limité à 2 threads : les lectures passent deux par deux, pas toutes ensemble.

Exigence : E3
Message attendu : au plus 2 appel(s) en cours à la fois | pas de paquets ni de pool limité
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor


async def recuperer_profils(identifiants, client):
    boucle = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        lectures = [boucle.run_in_executor(pool, client.lire_profil, i) for i in identifiants]
        return await asyncio.gather(*lectures)

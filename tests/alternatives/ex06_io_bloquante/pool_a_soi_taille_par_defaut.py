"""Son propre pool de threads, de la taille par défaut, run_in_executor et gather.

Un ThreadPoolExecutor() sans max_workers a autant de threads que le pool
qu'utilise asyncio.to_thread : toutes les lectures qu'il peut porter à la fois
partent ensemble, comme avec to_thread. Le pool est fermé une fois toutes les
lectures finies.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor


async def recuperer_profils(identifiants, client):
    boucle = asyncio.get_running_loop()
    pool = ThreadPoolExecutor()
    try:
        lectures = [
            boucle.run_in_executor(pool, client.lire_profil, identifiant)
            for identifiant in identifiants
        ]
        return list(await asyncio.gather(*lectures))
    finally:
        pool.shutdown(wait=False)

"""Un ThreadPoolExecutor d'un thread par identifiant, run_in_executor et functools.partial.

Réponse juste du corpus aveugle (/work/blind/correct), telle qu'écrite :
Correct : `loop.run_in_executor` avec `functools.partial`, sur un
ThreadPoolExecutor d'un thread par identifiant, attendu avec gather puis
arrêté.
"""

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor


async def recuperer_profils(identifiants, client):
    if not identifiants:
        return []
    boucle = asyncio.get_running_loop()
    executeur = ThreadPoolExecutor(max_workers=len(identifiants))
    try:
        lectures = [
            boucle.run_in_executor(executeur, functools.partial(client.lire_profil, identifiant))
            for identifiant in identifiants
        ]
        return await asyncio.gather(*lectures)
    finally:
        executeur.shutdown(wait=False)

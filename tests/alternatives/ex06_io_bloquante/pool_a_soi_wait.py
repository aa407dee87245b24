"""Son propre pool de threads, asyncio.wrap_future et asyncio.wait, profils rangés par position.

Un ThreadPoolExecutor d'un thread par identifiant ; chaque future de
concurrent.futures est enveloppée par asyncio.wrap_future, attendue avec
asyncio.wait au fil des fins, et son profil rangé à la position de son
identifiant.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor


async def recuperer_profils(identifiants, client):
    if not identifiants:
        return []
    with ThreadPoolExecutor(max_workers=len(identifiants)) as pool:
        futures = {
            asyncio.wrap_future(pool.submit(client.lire_profil, identifiant)): position
            for position, identifiant in enumerate(identifiants)
        }
        profils = [None] * len(identifiants)
        en_cours = set(futures)
        while en_cours:
            finies, en_cours = await asyncio.wait(en_cours, return_when=asyncio.FIRST_COMPLETED)
            for future in finies:
                profils[futures[future]] = future.result()
    return profils

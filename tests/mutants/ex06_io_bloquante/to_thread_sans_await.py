"""Croit « lancer » chaque lecture avec asyncio.to_thread(...) sans await, puis les relance avec gather : les premières coroutines ne sont jamais attendues.

Exigence : C4
Message attendu : was never awaited | to_thread
"""

import asyncio


async def recuperer_profils(identifiants, client):
    for identifiant in identifiants:
        asyncio.to_thread(client.lire_profil, identifiant)  # lance la lecture ?
    return await asyncio.gather(
        *(asyncio.to_thread(client.lire_profil, i) for i in identifiants)
    )

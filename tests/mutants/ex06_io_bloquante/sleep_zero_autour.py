"""Ajoute await asyncio.sleep(0) autour de l'appel bloquant : la boucle reste bloquée pendant chaque appel.

Exigence : C1, E2
Message attendu : par le thread de la boucle | await asyncio.sleep(0)
"""

import asyncio


async def recuperer_profils(identifiants, client):
    profils = []
    for identifiant in identifiants:
        await asyncio.sleep(0)
        profils.append(client.lire_profil(identifiant))
        await asyncio.sleep(0)
    return profils

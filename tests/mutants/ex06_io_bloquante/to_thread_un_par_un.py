"""Utilise asyncio.to_thread mais attend chaque lecture avant de lancer la suivante.

Exigence : E3
Message attendu : au plus 1 appel(s) en cours à la fois | au lieu de les attendre un par un
"""

import asyncio


async def recuperer_profils(identifiants, client):
    profils = []
    for identifiant in identifiants:
        profils.append(await asyncio.to_thread(client.lire_profil, identifiant))
    return profils

"""Passe à to_thread le résultat de client.lire_profil(identifiant) au lieu de la méthode.

Exigence : E2
Message attendu : l'appel a déjà eu lieu
"""

import asyncio


async def recuperer_profils(identifiants, client):
    return await asyncio.gather(
        *(asyncio.to_thread(client.lire_profil(identifiant)) for identifiant in identifiants)
    )

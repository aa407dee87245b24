"""Lit les profils dans des threads mais les range dans l'ordre où les lectures finissent.

Exigence : E1
Message attendu : dans l'ordre où les appels se sont terminés
"""

import asyncio


async def recuperer_profils(identifiants, client):
    profils = []

    def lire(identifiant):
        profils.append(client.lire_profil(identifiant))

    await asyncio.gather(*(asyncio.to_thread(lire, i) for i in identifiants))
    return profils

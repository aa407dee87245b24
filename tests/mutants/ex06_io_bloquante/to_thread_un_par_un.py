"""Utilise asyncio.to_thread mais attend chaque lecture avant de lancer la suivante."""

import asyncio


async def recuperer_profils(identifiants, client):
    profils = []
    for identifiant in identifiants:
        profils.append(await asyncio.to_thread(client.lire_profil, identifiant))
    return profils

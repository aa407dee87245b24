"""Passe par loop.run_in_executor(None, …) et functools.partial au lieu d'asyncio.to_thread."""

import asyncio
import functools


async def recuperer_profils(identifiants, client):
    boucle = asyncio.get_running_loop()
    lectures = [
        boucle.run_in_executor(None, functools.partial(client.lire_profil, identifiant))
        for identifiant in identifiants
    ]
    return list(await asyncio.gather(*lectures))

"""Lance une tâche par lecture dans un asyncio.TaskGroup, puis lit le résultat de chaque tâche."""

import asyncio


async def recuperer_profils(identifiants, client):
    async with asyncio.TaskGroup() as groupe:
        taches = [
            groupe.create_task(asyncio.to_thread(client.lire_profil, identifiant))
            for identifiant in identifiants
        ]
    return [tache.result() for tache in taches]

"""Reprend le chronomètre de la démonstration dans recuperer_profils et l'annule sans l'attendre : la tâche tourne encore au retour.

Exigence : C2
Message attendu : tournent encore quand il rend la main | chronometre
"""

import asyncio


async def chronometre():
    while True:
        await asyncio.sleep(0.1)


async def recuperer_profils(identifiants, client):
    tic = asyncio.create_task(chronometre())
    profils = await asyncio.gather(
        *(asyncio.to_thread(client.lire_profil, i) for i in identifiants)
    )
    tic.cancel()
    return profils

"""Crée une tâche to_thread par identifiant, puis relit chaque identifiant un par un avec to_thread avant d'attendre les tâches : chaque profil est lu deux fois, et quand une lecture échoue, la seconde lecture de ce profil n'est pas une nouvelle tentative.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E4
Message attendu : au lieu de le lire une seconde fois ailleurs
"""

import asyncio


async def recuperer_profils(identifiants, client):
    taches = [
        asyncio.create_task(asyncio.to_thread(client.lire_profil, identifiant))
        for identifiant in identifiants
    ]
    profils = []
    for identifiant in identifiants:
        profil = await asyncio.to_thread(client.lire_profil, identifiant)
        profils.append(profil)
    await asyncio.gather(*taches)
    return profils

"""Un premier gather « pour lancer » les lectures, un second pour récupérer les profils : chaque profil est lu deux fois.

Exigence : E4
Message attendu : lus plusieurs fois | un seul appel à client.lire_profil par identifiant
"""

import asyncio


async def recuperer_profils(identifiants, client):
    # on lance toutes les lectures...
    await asyncio.gather(*(asyncio.to_thread(client.lire_profil, i) for i in identifiants))
    # ... puis on récupère les profils
    return await asyncio.gather(*(asyncio.to_thread(client.lire_profil, i) for i in identifiants))

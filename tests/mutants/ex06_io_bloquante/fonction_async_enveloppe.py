"""Range l'appel bloquant dans une fonction async lancée avec gather : il bloque quand même la boucle.

Exigence : E2, C1
Message attendu : par le thread de la boucle | dans une fonction async
"""

import asyncio


async def lire_un_profil(client, identifiant):
    return client.lire_profil(identifiant)


async def recuperer_profils(identifiants, client):
    return await asyncio.gather(*(lire_un_profil(client, i) for i in identifiants))

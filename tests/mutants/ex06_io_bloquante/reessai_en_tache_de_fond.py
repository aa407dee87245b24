"""Une lecture qui échoue rend None tout de suite, et sa relecture part dans une tâche que personne n'attend : le profil est lu une deuxième fois après le retour.

Exigence : E4
Message attendu : a levé LectureRatee, puis | une lecture qui échoue ne se relit pas
"""

import asyncio


async def recuperer_profils(identifiants, client):
    async def lire(identifiant):
        try:
            return await asyncio.to_thread(client.lire_profil, identifiant)
        except Exception:
            # on rend la main tout de suite, et on retente en arrière-plan
            asyncio.create_task(asyncio.to_thread(client.lire_profil, identifiant))
            return None

    return await asyncio.gather(*(lire(identifiant) for identifiant in identifiants))

"""Met nettoyer() dans un except au lieu d'un finally : rien n'est nettoyé après un succès.

Exigence : E7
Message attendu : y compris quand tous les travaux ont réussi | finally
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            async with asyncio.TaskGroup() as groupe:
                taches = [groupe.create_task(travail()) for travail in travaux]
        return [tache.result() for tache in taches]
    except Exception:
        nettoyer()
        raise

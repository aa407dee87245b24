"""TaskGroup et timeout, mais nettoyer() n'est appelé qu'en cas de succès (pas de finally).

Exigence : E7
Message attendu : y compris quand un travail a échoué | finally
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    async with asyncio.timeout(delai):
        async with asyncio.TaskGroup() as groupe:
            taches = [groupe.create_task(travail()) for travail in travaux]
    nettoyer()
    return [tache.result() for tache in taches]

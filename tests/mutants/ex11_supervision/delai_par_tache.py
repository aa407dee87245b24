"""Un wait_for par tâche, attendues l'une après l'autre : ni le délai ni une erreur n'arrêtent les autres.

Exigence : E9, E4
Message attendu : aucun n'avait été annulé | un délai sur une seule tâche
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = [asyncio.create_task(travail()) for travail in travaux]
    try:
        resultats = []
        for tache in taches:
            resultats.append(await asyncio.wait_for(tache, delai))
        return resultats
    finally:
        nettoyer()

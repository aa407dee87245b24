"""Annule les tâches restantes dans le finally, mais sans attendre la fin de l'annulation.

Exigence : E9, C2
Message attendu : leur annulation avait été demandée | ne fait que demander l'arrêt
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = [asyncio.create_task(travail()) for travail in travaux]
    try:
        async with asyncio.timeout(delai):
            return await asyncio.gather(*taches)
    finally:
        for tache in taches:
            tache.cancel()
        nettoyer()

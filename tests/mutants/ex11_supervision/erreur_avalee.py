"""TaskGroup et timeout, mais les erreurs (et le TimeoutError) sont attrapées et cachées.

Exigence : E3, E5
Message attendu : son erreur n'est pas remontée | ne l'attrape pas pour la faire taire
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            async with asyncio.TaskGroup() as groupe:
                taches = [groupe.create_task(travail()) for travail in travaux]
        return [tache.result() for tache in taches]
    except Exception:
        return []
    finally:
        nettoyer()

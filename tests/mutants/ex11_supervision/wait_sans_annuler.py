"""asyncio.wait avec timeout, puis lève sans annuler les tâches restantes.

Exigence : E6, E9
Message attendu : aucun n'avait été annulé | asyncio.wait(..., timeout=…)
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = [asyncio.create_task(travail()) for travail in travaux]
    try:
        if not taches:
            return []
        finies, en_cours = await asyncio.wait(
            taches, timeout=delai, return_when=asyncio.FIRST_EXCEPTION
        )
        if en_cours and not any(t.exception() for t in finies):
            raise TimeoutError("délai dépassé")
        return [tache.result() for tache in taches]
    finally:
        nettoyer()

"""Passe au TaskGroup mais oublie de renvoyer les résultats des travaux.

Exigence : E2
Message attendu : ne renvoie pas les résultats des travaux
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            async with asyncio.TaskGroup() as groupe:
                for travail in travaux:
                    groupe.create_task(travail())
    finally:
        nettoyer()

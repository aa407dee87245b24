"""Utilise gather dans un timeout : après une erreur, les autres travaux continuent de tourner.

Exigence : E4, E9
Message attendu : aucun n'avait été annulé | ni gather
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            return await asyncio.gather(*(travail() for travail in travaux))
    finally:
        nettoyer()

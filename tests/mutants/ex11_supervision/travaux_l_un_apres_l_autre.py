"""Attend chaque travail avant de lancer le suivant : le groupe n'est plus concurrent.

Exigence : E1
Message attendu : n'ont pas tous tourné en même temps | au plus 1 travail(aux) en cours à la fois
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            return [await travail() for travail in travaux]
    finally:
        nettoyer()

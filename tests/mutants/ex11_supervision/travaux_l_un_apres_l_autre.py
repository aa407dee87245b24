"""Attend chaque travail avant de lancer le suivant : le groupe n'est plus concurrent."""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            return [await travail() for travail in travaux]
    finally:
        nettoyer()

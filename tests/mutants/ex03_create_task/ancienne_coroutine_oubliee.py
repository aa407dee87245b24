"""Ajoute create_task mais garde l'ancienne ligne cuire(plat), une coroutine jamais attendue.

Exigence : C4
Message attendu : jamais attendue | supprime l'ancienne ligne
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = cuire(plat)
    tache = asyncio.create_task(cuire(plat))
    entree_preparee = await preparer(entree)
    plat_cuit = await tache
    return entree_preparee, plat_cuit

"""Ne crée la tâche de cuisson qu'après avoir préparé l'entrée.

Exigence : E1
Message attendu : la cuisson a été lancée trop tard
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    entree_preparee = await preparer(entree)
    cuisson = asyncio.create_task(cuire(plat))
    plat_cuit = await cuisson
    return entree_preparee, plat_cuit

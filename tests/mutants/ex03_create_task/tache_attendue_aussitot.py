"""Crée bien une tâche pour la cuisson, mais l'attend aussitôt, avant de préparer l'entrée.

Exigence : E1
Message attendu : attendue jusqu'au bout avant de préparer l'entrée
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    plat_cuit = await cuisson
    entree_preparee = await preparer(entree)
    return entree_preparee, plat_cuit

"""Lance la cuisson avec create_task mais n'attend jamais la tâche : il renvoie la tâche elle-même.

Exigence : E2, C2
Message attendu : renvoie une tâche | encore en cours
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    entree_preparee = await preparer(entree)
    return entree_preparee, cuisson

"""Lance la cuisson dans une tâche, puis oublie la tâche et recuit le plat avec await cuire(plat).

Exigence : E3
Message attendu : cuire exécuté 2 fois | attends cette même tâche
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    asyncio.create_task(cuire(plat))
    entree_preparee = await preparer(entree)
    plat_cuit = await cuire(plat)
    return entree_preparee, plat_cuit

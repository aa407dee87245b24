"""Remet le plat au four une seconde fois quand la cuisson rate « pour être robuste ».

Exigence : E3
Message attendu : cuire a été exécuté 2 fois | ne relance pas une étape ratée
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    try:
        entree_preparee = await preparer(entree)
    except Exception:
        cuisson.cancel()
        await asyncio.gather(cuisson, return_exceptions=True)
        raise
    try:
        plat_cuit = await cuisson
    except Exception:
        plat_cuit = await cuire(plat)  # deuxième essai
    return entree_preparee, plat_cuit

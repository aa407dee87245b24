"""Si l'entrée échoue, n'annule la cuisson que si elle tourne encore : l'erreur d'une cuisson déjà ratée n'est jamais lue.

Exigence : C3
Message attendu : personne ne l'a lue | gather(cuisson, return_exceptions=True)
"""

import asyncio


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    try:
        entree_preparee = await preparer(entree)
    except Exception:
        if not cuisson.done():
            cuisson.cancel()
            await asyncio.wait([cuisson])
        raise
    plat_cuit = await cuisson
    return entree_preparee, plat_cuit

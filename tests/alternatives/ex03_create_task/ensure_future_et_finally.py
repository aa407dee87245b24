"""Correct : asyncio.ensure_future, et un finally qui annule puis attend la cuisson.

Le détail : `asyncio.ensure_future` met le plat au four ; un bloc finally
annule la cuisson si elle tourne encore et attend la fin de l'annulation.

Réponse juste du corpus aveugle (correct/ex03_create_task/ensure_future_et_finally.py).
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.ensure_future(cuire(plat))
    try:
        entree_preparee = await preparer(entree)
        plat_cuit = await cuisson
    finally:
        if not cuisson.done():
            cuisson.cancel()
            await asyncio.wait([cuisson])
        if not cuisson.cancelled():
            cuisson.exception()  # erreur de cuisson lue : pas de « never retrieved »
    return entree_preparee, plat_cuit


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def cuisson_demo(plat):
    print(f"{plat} : au four")
    await asyncio.sleep(1.0)  # le four travaille tout seul
    print(f"{plat} : cuit")
    return f"{plat} cuit"


async def preparation_demo(entree):
    print(f"{entree} : en préparation")
    await asyncio.sleep(0.6)
    print(f"{entree} : prête")
    return f"{entree} prête"


async def main():
    debut = time.perf_counter()
    repas = await preparer_repas("gratin", "salade", cuisson_demo, preparation_demo)
    print(repas)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")


if __name__ == "__main__":
    asyncio.run(main())

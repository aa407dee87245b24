"""Annule la cuisson puis l'attend avec asyncio.wait, qui ne lit pas son erreur : si elle avait déjà raté, cancel() ne fait rien et son erreur est perdue.

Exigence : C3
Message attendu : avait déjà échoué | cancel() ne fait rien à une tâche déjà finie
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    try:
        entree_preparee = await preparer(entree)
    except Exception:
        cuisson.cancel()
        await asyncio.wait([cuisson])  # attend la fin sans lire le résultat
        raise
    plat_cuit = await cuisson
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

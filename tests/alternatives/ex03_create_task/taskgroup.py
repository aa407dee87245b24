"""Correct : la cuisson est une tâche d'un asyncio.TaskGroup ; l'erreur unique est relancée.

Le détail : la cuisson est une tâche d'un `asyncio.TaskGroup`, qui l'annule et
l'attend si la préparation échoue ; l'erreur unique est relancée telle quelle.

Réponse juste du corpus aveugle (correct/ex03_create_task/taskgroup.py).
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    try:
        async with asyncio.TaskGroup() as groupe:
            cuisson = groupe.create_task(cuire(plat))
            entree_preparee = await preparer(entree)
            plat_cuit = await cuisson
    except BaseExceptionGroup as erreurs:
        raise erreurs.exceptions[0] from None
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

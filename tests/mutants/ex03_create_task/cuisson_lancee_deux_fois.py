"""La tâche de cuisson est créée, mais gather reçoit un nouvel appel `cuire(plat)` au lieu de la tâche : le plat est cuit deux fois et la première cuisson est abandonnée.

Réponse du corpus aveugle (wrong/ex03_create_task/cuisson_lancee_deux_fois.py).
Promesse violée : « Chaque étape a lieu une seule fois, et quand `preparer_repas` rend la main, plus rien ne doit être en cours. »
Exigence : E3
Message attendu : cuire exécuté 2 fois
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))  # au four tout de suite
    entree_preparee, plat_cuit = await asyncio.gather(preparer(entree), cuire(plat))
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

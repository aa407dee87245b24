"""Une cuisson ratée est rattrapée avec try/except et remplacée par None : la fonction renvoie (entrée, None) au lieu d'un plat cuit, et l'erreur disparaît.

Réponse du corpus aveugle (wrong/ex03_create_task/erreur_de_cuisson_avalee.py).
Promesse violée : « La fonction renvoie le couple (entrée préparée, plat cuit), dans cet ordre. »
Exigence : E4
Message attendu : au lieu de laisser remonter l'erreur
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    entree_preparee = await preparer(entree)
    try:
        plat_cuit = await cuisson
    except Exception as erreur:
        print(f"Cuisson ratée : {erreur}")
        plat_cuit = None
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

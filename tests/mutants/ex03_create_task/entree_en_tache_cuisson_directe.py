"""C'est l'entrée qui est mise en tâche et la cuisson qui est attendue directement : ça va aussi vite, mais si la cuisson échoue, la préparation de l'entrée continue toute seule.

Réponse du corpus aveugle (wrong/ex03_create_task/entree_en_tache_cuisson_directe.py).
Promesse violée : « Mets le plat au four tout de suite avec `asyncio.create_task(...)` : la cuisson avance pendant que tu prépares l'entrée. »
Exigence : C2
Message attendu : l'autre ne doit pas continuer seule
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    preparation = asyncio.create_task(preparer(entree))
    plat_cuit = await cuire(plat)  # la cuisson démarre tout de suite elle aussi
    entree_preparee = await preparation
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

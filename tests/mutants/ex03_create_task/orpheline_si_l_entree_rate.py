"""Le correctif « évident » : si `preparer` lève une exception, la fonction rend la main alors que la tâche de cuisson tourne encore (personne ne l'attend ni ne l'annule).

Réponse du corpus aveugle (wrong/ex03_create_task/orpheline_si_l_entree_rate.py).
Promesse violée : « Chaque étape a lieu une seule fois, et quand `preparer_repas` rend la main, plus rien ne doit être en cours. »
Exigence : C2
Message attendu : éteins le four (cuisson.cancel())
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))  # le plat est au four tout de suite
    entree_preparee = await preparer(entree)
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

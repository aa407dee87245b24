"""Les deux étapes sont des tâches, mais seule la cuisson est attendue (« c'est le plus long ») : si l'entrée est plus lente que la cuisson, `result()` lève InvalidStateError et la préparation reste en cours.

Réponse du corpus aveugle (wrong/ex03_create_task/entree_supposee_plus_rapide.py).
Promesse violée : « La fonction renvoie le couple (entrée préparée, plat cuit), dans cet ordre. »
Exigence : E2
Message attendu : en cours au retour : preparer | sans attendre l'entrée
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    preparation = asyncio.create_task(preparer(entree))
    plat_cuit = await cuisson  # la cuisson est l'étape la plus longue
    return preparation.result(), plat_cuit


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

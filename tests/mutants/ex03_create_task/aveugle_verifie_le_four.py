"""Crée la coroutine de l'entrée d'avance, puis relance l'erreur d'un four en panne dès l'allumage sans jamais attendre cette coroutine.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : C4
Message attendu : créée d'avance | laissée en plan par une erreur précoce
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    preparation = preparer(entree)
    await asyncio.sleep(0)  # on laisse le four s'allumer
    if cuisson.done() and cuisson.exception() is not None:
        raise cuisson.exception()  # four en panne dès l'allumage
    try:
        entree_preparee = await preparation
    except Exception:
        cuisson.cancel()
        await asyncio.gather(cuisson, return_exceptions=True)
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

"""Correct : une classe Cuisine (contexte async) qui annule puis attend ce qui tourne encore.

Le détail : une classe `Cuisine` (gestionnaire de contexte async) lance la
cuisson avec `loop.create_task` et, à la sortie, annule puis attend tout ce qui
tourne encore.

Réponse juste du corpus aveugle (correct/ex03_create_task/classe_cuisine.py).
"""

import asyncio
import time


class Cuisine:
    """Garde la trace des tâches lancées et n'en laisse aucune derrière elle."""

    def __init__(self):
        self.taches = []

    def lancer(self, coroutine):
        tache = asyncio.get_running_loop().create_task(coroutine)
        self.taches.append(tache)
        return tache

    async def __aenter__(self):
        return self

    async def __aexit__(self, type_erreur, erreur, trace):
        restantes = [tache for tache in self.taches if not tache.done()]
        for tache in restantes:
            tache.cancel()
        if restantes:
            await asyncio.wait(restantes)
        for tache in self.taches:
            if not tache.cancelled():
                tache.exception()
        return False  # on ne cache aucune erreur


async def preparer_repas(plat, entree, cuire, preparer):
    async with Cuisine() as cuisine:
        cuisson = cuisine.lancer(cuire(plat))
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

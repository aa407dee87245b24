"""Exercice 03 — solution de référence.

`asyncio.create_task` planifie la cuisson tout de suite : elle démarre dès que
la coroutine rend la main (pendant la préparation de l'entrée), et
`await cuisson` attend sa fin et donne le plat cuit (ou relance son erreur).
Si la préparation de l'entrée échoue, la cuisson est annulée puis attendue
(gather avec return_exceptions=True lit aussi son éventuelle erreur) avant que
l'erreur ne remonte : plus rien ne tourne quand la fonction rend la main.
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    try:
        entree_preparee = await preparer(entree)
    except (Exception, asyncio.CancelledError):  # une erreur, ou l'appel annulé
        cuisson.cancel()  # on éteint le four...
        await asyncio.gather(cuisson, return_exceptions=True)  # ...et on attend qu'il le soit
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

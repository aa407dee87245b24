"""Lance les deux étapes en tâches et attend avec asyncio.wait(FIRST_EXCEPTION), puis arrête ce qui tourne encore, lit toutes les erreurs et relance la première.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = asyncio.create_task(cuire(plat))
    preparation = asyncio.create_task(preparer(entree))
    taches = [preparation, cuisson]
    try:
        fini, en_cours = await asyncio.wait(taches, return_when=asyncio.FIRST_EXCEPTION)
    except BaseException:
        for tache in taches:
            tache.cancel()
        await asyncio.gather(*taches, return_exceptions=True)
        raise
    if en_cours:
        # une étape a échoué avant la fin de l'autre : on arrête l'autre
        for tache in en_cours:
            tache.cancel()
        await asyncio.gather(*en_cours, return_exceptions=True)
    erreurs = []
    for tache in taches:
        if not tache.cancelled() and tache.exception() is not None:
            erreurs.append(tache.exception())
    if erreurs:
        raise erreurs[0]
    return preparation.result(), cuisson.result()


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

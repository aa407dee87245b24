"""Crée d'abord toutes les coroutines dans une liste puis les attend une par une dans une boucle for, ce qui reste séquentiel et laisse des coroutines jamais attendues si l'une échoue.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E3, C4
Message attendu : au plus 1 téléchargement(s) en cours à la fois | attends-les ensemble
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    # on prépare tous les téléchargements d'un coup
    travaux = [telecharger(url) for url in urls]
    contenus = []
    for travail in travaux:
        contenus.append(await travail)
    return contenus


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def faux_telechargement(url):
    await asyncio.sleep(0.5)  # on fait semblant d'attendre le réseau
    return f"<contenu de {url}>"


async def main():
    urls = ["https://exemple.fr/a", "https://exemple.fr/b", "https://exemple.fr/c"]
    debut = time.perf_counter()
    contenus = await telecharger_tout(urls, faux_telechargement)
    print(contenus)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 0,5 s)")


if __name__ == "__main__":
    asyncio.run(main())

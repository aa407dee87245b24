"""Exercice 02 — solution de référence.

`asyncio.gather` lance toutes les coroutines avant d'en attendre une seule,
et renvoie leurs résultats dans l'ordre des arguments.
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    contenus = await asyncio.gather(*(telecharger(url) for url in urls))
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

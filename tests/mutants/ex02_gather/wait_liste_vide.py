"""Version avec `asyncio.wait` : avec une liste d'urls vide, `asyncio.wait` lève ValueError au lieu de renvoyer une liste vide.

Réponse du corpus aveugle (wrong/ex02_gather/wait_liste_vide.py).
Promesse violée : « `telecharger_tout(urls, telecharger)` récupère le contenu de chaque url avec `await telecharger(url)` et renvoie la liste des contenus, dans l'ordre des urls. »
Exigence : E5
Message attendu : asyncio.wait refuse un ensemble vide
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    await asyncio.wait(taches)
    return [tache.result() for tache in taches]


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

"""`return_exceptions=True` ajouté « par sécurité » : un téléchargement raté ne lève plus rien, son exception se retrouve au milieu de la liste des contenus.

Réponse du corpus aveugle (wrong/ex02_gather/exceptions_dans_la_liste.py).
Promesse violée : « `telecharger_tout(urls, telecharger)` récupère le contenu de chaque url avec `await telecharger(url)` et renvoie la liste des contenus, dans l'ordre des urls. »
Exigence : E6
Message attendu : au lieu de laisser remonter l'erreur | return_exceptions=True
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    contenus = await asyncio.gather(*(telecharger(url) for url in urls), return_exceptions=True)
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

"""Attente plafonnée à 1 s « par sécurité » avec `asyncio.wait(timeout=1)` : les téléchargements lents sont annulés et disparaissent de la liste.

Réponse du corpus aveugle (wrong/ex02_gather/delai_de_securite.py).
Promesse violée : « `telecharger_tout(urls, telecharger)` récupère le contenu de chaque url avec `await telecharger(url)` et renvoie la liste des contenus, dans l'ordre des urls. »
Exigence : E1
Message attendu : contenu(s) manquant(s) | pas de délai maximal
"""

import asyncio
import time


DELAI_MAX = 1.0


async def telecharger_tout(urls, telecharger):
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    if not taches:
        return []
    termines, en_retard = await asyncio.wait(taches, timeout=DELAI_MAX)
    for tache in en_retard:
        tache.cancel()
    return [tache.result() for tache in taches if tache in termines]


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

"""Exercice 02 — Attendre plusieurs coroutines en même temps avec gather.

Ce que fait ce code
    `telecharger_tout(urls, telecharger)` récupère le contenu de chaque url avec
    `await telecharger(url)` et renvoie la liste des contenus, dans l'ordre des urls.

Ce qui ne va pas
    Les téléchargements sont faits l'un après l'autre : le deuxième ne commence
    qu'une fois le premier terminé. Pourtant, pendant un téléchargement, le
    programme ne fait qu'attendre le réseau. Avec 10 urls de 0,1 s chacune, on
    attend 1 s au lieu de 0,1 s.

Ce qu'il faut changer
    Lance tous les téléchargements en même temps avec `asyncio.gather`, et
    renvoie toujours les contenus dans l'ordre des urls (pas dans l'ordre où
    les téléchargements se terminent). Chaque url est téléchargée une seule fois.

À relire dans le cours
    « Concurrence : séquentiel vs asyncio »

Pour essayer : python exercises/ex02_gather.py
Pour tester :  nox -- 02
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        contenu = await telecharger(url)
        contenus.append(contenu)
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

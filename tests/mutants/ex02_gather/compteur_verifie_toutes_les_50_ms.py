"""Chaque téléchargement range son contenu dans un dictionnaire ; le code compte toutes les 50 ms ce qui est arrivé et rend la main quand tout y est, donc jusqu'à 50 ms après la fin du dernier.

Exigence : E3
Message attendu : encore attendu après la fin du dernier téléchargement | ne vérifie pas de temps en temps
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    recus = {}

    async def un_telechargement(position, url):
        recus[position] = await telecharger(url)

    taches = [asyncio.create_task(un_telechargement(i, url)) for i, url in enumerate(urls)]
    while len(recus) < len(urls):
        for tache in taches:
            if tache.done() and tache.exception() is not None:
                raise tache.exception()
        await asyncio.sleep(0.05)
    return [recus[i] for i in range(len(urls))]


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

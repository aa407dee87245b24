"""Attend un Event d'erreur avec wait_for(timeout=0,2) en boucle et regarde entre deux délais si tout est fini : sans erreur, la main n'est rendue qu'au délai qui suit la fin du dernier téléchargement.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : encore attendu après la fin du dernier téléchargement | ne vérifie pas de temps en temps
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    erreur = asyncio.Event()

    async def un_telechargement(url):
        try:
            return await telecharger(url)
        except Exception:
            erreur.set()  # pour réagir tout de suite en cas d'erreur
            raise

    taches = [asyncio.create_task(un_telechargement(url)) for url in urls]
    while not all(tache.done() for tache in taches):
        try:
            await asyncio.wait_for(erreur.wait(), timeout=0.2)
            break  # une erreur est arrivée
        except asyncio.TimeoutError:
            pass  # pas d'erreur, on revérifie
    for tache in taches:
        if tache.done() and tache.exception() is not None:
            raise tache.exception()
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

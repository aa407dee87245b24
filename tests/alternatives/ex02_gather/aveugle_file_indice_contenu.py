"""Chaque tâche dépose (indice, contenu, erreur) dans une asyncio.Queue ; on lit autant d'éléments que d'urls et on range par indice.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    file = asyncio.Queue()

    async def un_telechargement(indice, url):
        try:
            contenu = await telecharger(url)
        except Exception as erreur:
            await file.put((indice, None, erreur))
        else:
            await file.put((indice, contenu, None))

    taches = []
    for indice, url in enumerate(urls):
        taches.append(asyncio.create_task(un_telechargement(indice, url)))

    contenus = [None] * len(urls)
    for _ in range(len(urls)):
        indice, contenu, erreur = await file.get()
        if erreur is not None:
            raise erreur
        contenus[indice] = contenu
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

"""Lance tout en même temps avec as_completed mais range les contenus dans l'ordre où les téléchargements se terminent, pas dans l'ordre des urls.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1
Message attendu : ordre où les téléchargements se sont terminés | as_completed
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    travaux = [telecharger(url) for url in urls]
    contenus = []
    for prochain in asyncio.as_completed(travaux):
        contenu = await prochain
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

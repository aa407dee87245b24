"""Télécharge par paquets de 5 urls avec gather « pour ne pas surcharger le serveur », donc au-delà de 5 urls les suivantes attendent la fin du paquet précédent.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E3
Message attendu : au plus 5 téléchargement(s) en cours à la fois | attends-les ensemble
"""

import asyncio
import time


TAILLE_PAQUET = 5


async def telecharger_tout(urls, telecharger):
    contenus = []
    for debut in range(0, len(urls), TAILLE_PAQUET):
        paquet = urls[debut : debut + TAILLE_PAQUET]
        resultats = await asyncio.gather(*[telecharger(url) for url in paquet])
        contenus.extend(resultats)
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

"""Utilise gather avec return_exceptions=True « pour ne pas tout perdre », si bien qu'une erreur est renvoyée dans la liste au lieu de remonter.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E6
Message attendu : exception | return_exceptions | au lieu de renvoyer une liste
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    # return_exceptions=True : un seul échec ne fait pas tout planter
    contenus = await asyncio.gather(*[telecharger(url) for url in urls], return_exceptions=True)
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

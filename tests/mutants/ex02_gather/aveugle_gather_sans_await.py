"""Renvoie directement asyncio.gather(...) sans l'attendre, si bien que l'appelant reçoit un objet futur au lieu de la liste des contenus.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1, E5, E6, C4
Message attendu : await | liste | gather
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    # gather lance tout en même temps
    return asyncio.gather(*[telecharger(url) for url in urls])


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

"""Passe les urls dans un set « pour ne télécharger chaque url qu'une fois », ce qui perd l'ordre des urls (et la longueur de la liste s'il y a des doublons).

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1
Message attendu : dans l'ordre de ses arguments
(L'ordre d'un set dépend du hasard des hachages : quand il tombe sur l'ordre de fin des
téléchargements, le premier échec parle d'as_completed ; les deux conseils disent que gather
garde l'ordre de ses arguments.)
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    # chaque url ne doit être téléchargée qu'une seule fois
    urls_uniques = list(set(urls))
    contenus = await asyncio.gather(*[telecharger(url) for url in urls_uniques])
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

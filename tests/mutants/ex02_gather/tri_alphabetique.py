"""Persuadé que les résultats arrivent dans le désordre, l'élève les remet « dans l'ordre » en triant par url : c'est l'ordre alphabétique, pas l'ordre de la liste reçue.

Réponse du corpus aveugle (wrong/ex02_gather/tri_alphabetique.py).
Promesse violée : « Lance tous les téléchargements en même temps avec `asyncio.gather`, et renvoie toujours les contenus dans l'ordre des urls (pas dans l'ordre où les téléchargements se terminent). »
Exigence : E1
Message attendu : premier écart à la position
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    async def telecharger_avec_url(url):
        return url, await telecharger(url)

    paires = await asyncio.gather(*(telecharger_avec_url(url) for url in urls))
    return [contenu for url, contenu in sorted(paires)]


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

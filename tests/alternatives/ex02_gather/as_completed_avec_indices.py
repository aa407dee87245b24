"""Correct : as_completed sur des tâches qui rendent (indice, contenu), rangés à leur place.

Le détail : `asyncio.as_completed` sur des tâches qui renvoient (indice,
contenu) ; chaque contenu est rangé à sa place, donc l'ordre des urls est
respecté.

Réponse juste du corpus aveugle (correct/ex02_gather/as_completed_avec_indices.py).
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    async def telecharger_numero(indice, url):
        return indice, await telecharger(url)

    contenus = [None] * len(urls)
    taches = [asyncio.create_task(telecharger_numero(i, url)) for i, url in enumerate(urls)]
    try:
        for prochain in asyncio.as_completed(taches):
            indice, contenu = await prochain
            contenus[indice] = contenu
    finally:
        for tache in taches:
            tache.cancel()  # sans effet sur les tâches déjà terminées
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

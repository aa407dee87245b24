"""Correct : une tâche par url dans un TaskGroup ; la première erreur relancée telle quelle.

Le détail : une tâche par url dans un `asyncio.TaskGroup`, résultats relus dans
l'ordre des tâches ; la première erreur est relancée telle quelle (pas
d'ExceptionGroup).

Réponse juste du corpus aveugle (correct/ex02_gather/taskgroup.py).
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    try:
        async with asyncio.TaskGroup() as groupe:
            taches = [groupe.create_task(telecharger(url)) for url in urls]
    except BaseExceptionGroup as erreurs:
        raise erreurs.exceptions[0] from None
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

"""asyncio.wait(FIRST_EXCEPTION) puis annulation des autres : relire la liste lève CancelledError.

Première ligne d'origine : « Correct : `asyncio.wait(..., return_when=FIRST_EXCEPTION)` sur des tâches créées dans l'ordre des urls, garde pour la liste vide, annulation des autres en cas d'erreur. »

Réponse du corpus aveugle, donnée pour juste (correct/ex02_gather/wait_first_exception.py) :
quand l'url ratée n'est pas la première, la liste relue lève CancelledError.

Exigence : E6
Message attendu : CancelledError | result() d'une tâche annulée
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    if not urls:
        return []
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    try:
        await asyncio.wait(taches, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        en_cours = [tache for tache in taches if not tache.done()]
        for tache in en_cours:
            tache.cancel()
        if en_cours:
            await asyncio.wait(en_cours)
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

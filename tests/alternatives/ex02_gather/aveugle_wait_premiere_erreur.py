"""Crée les tâches à la main et attend avec asyncio.wait(FIRST_EXCEPTION), en gérant la liste vide à part et en arrêtant proprement le reste en cas d'erreur.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    if not urls:
        return []  # asyncio.wait refuse un ensemble vide
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    try:
        fini, en_cours = await asyncio.wait(taches, return_when=asyncio.FIRST_EXCEPTION)
    except BaseException:
        for tache in taches:
            tache.cancel()
        await asyncio.gather(*taches, return_exceptions=True)
        raise
    if en_cours:
        # un téléchargement a échoué : on arrête les autres et on attend leur fin
        for tache in en_cours:
            tache.cancel()
        await asyncio.gather(*en_cours, return_exceptions=True)
    erreur = None
    for tache in taches:
        if tache.cancelled():
            continue
        probleme = tache.exception()  # lit l'erreur de chaque tâche
        if probleme is not None and erreur is None:
            erreur = probleme
    if erreur is not None:
        raise erreur
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

"""Lance toutes les tâches, puis regarde toutes les 0,1 s si elles sont finies « pour ne pas surcharger le processeur » : la main n'est rendue qu'à la vérification qui suit la fin du dernier téléchargement.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : encore attendu après la fin du dernier téléchargement | ne vérifie pas de temps en temps
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    # on regarde de temps en temps si tout est fini, sans surcharger le processeur
    while not all(tache.done() for tache in taches):
        await asyncio.sleep(0.1)
    # result() relance l'erreur éventuelle, dans l'ordre des urls
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

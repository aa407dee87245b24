"""Chaque tâche range son contenu à son indice ; la dernière à finir (ou la première en erreur) déclenche un asyncio.Event.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    if not urls:
        return []
    contenus = [None] * len(urls)
    fini = asyncio.Event()
    restantes = len(urls)
    erreurs = []

    async def un_telechargement(indice, url):
        nonlocal restantes
        try:
            contenus[indice] = await telecharger(url)
        except Exception as erreur:
            erreurs.append(erreur)
            fini.set()
            return
        restantes -= 1
        if restantes == 0:
            fini.set()

    taches = [asyncio.create_task(un_telechargement(i, url)) for i, url in enumerate(urls)]
    await fini.wait()
    if erreurs:
        raise erreurs[0]
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

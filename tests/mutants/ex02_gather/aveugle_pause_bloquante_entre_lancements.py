"""Crée une tâche par url avec une petite pause time.sleep entre chaque lancement « par politesse », ce qui bloque la boucle et ajoute du temps proportionnel au nombre d'urls.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : aucun n'a commencé avant | time.sleep
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    taches = []
    for url in urls:
        taches.append(asyncio.create_task(telecharger(url)))
        time.sleep(0.05)  # petite pause pour ne pas bombarder le serveur
    return await asyncio.gather(*taches)


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

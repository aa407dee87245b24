"""Attend tout avec gather, puis fait une petite pause de 0,05 s « par sécurité » avant de renvoyer : trop courte pour dépasser la borne de durée, mais la main est rendue après la fin du dernier téléchargement.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : encore attendu après la fin du dernier téléchargement | sans pause en plus
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    contenus = await asyncio.gather(*[telecharger(url) for url in urls])
    # petite pause pour être sûr que tout est bien terminé
    await asyncio.sleep(0.05)
    return list(contenus)


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

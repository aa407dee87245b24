"""Lance tout avec gather mais coupe chaque téléchargement au bout d'une seconde avec wait_for et met None à la place, abandonnant ainsi les téléchargements très lents.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1
Message attendu : contenu(s) manquant(s) | pas de délai maximal
"""

import asyncio
import time


DELAI_MAX = 1.0  # au-delà, on considère que le serveur ne répond plus


async def telecharger_ou_rien(url, telecharger):
    try:
        return await asyncio.wait_for(telecharger(url), timeout=DELAI_MAX)
    except asyncio.TimeoutError:
        return None


async def telecharger_tout(urls, telecharger):
    return await asyncio.gather(*[telecharger_ou_rien(url, telecharger) for url in urls])


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

"""Lance tout avec gather mais retente une fois chaque téléchargement qui échoue, donc une url en erreur est téléchargée deux fois.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E4
Message attendu : téléchargée plusieurs fois | ne retente pas
"""

import asyncio
import time


async def telecharger_avec_essai(url, telecharger):
    try:
        return await telecharger(url)
    except Exception:
        # le réseau peut avoir un raté : on réessaie une fois
        return await telecharger(url)


async def telecharger_tout(urls, telecharger):
    return await asyncio.gather(*[telecharger_avec_essai(url, telecharger) for url in urls])


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

"""Quand un téléchargement lève une exception, le retente une fois avant d'abandonner : l'url est téléchargée deux fois, contre la consigne de laisser sortir l'exception.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E6, E2
Message attendu : téléchargée à nouveau | ne réessaie pas
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)

    async def telecharger_une(url):
        async with semaphore:
            try:
                return await telecharger(url)
            except Exception:
                # le réseau a pu avoir un raté : on retente une fois
                return await telecharger(url)

    return await asyncio.gather(*(telecharger_une(url) for url in urls))


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

en_cours = 0


async def faux_telechargement(url):
    global en_cours
    en_cours += 1
    print(f"début {url} ({en_cours} en cours)")
    numero = int(url.rsplit("/", 1)[1])
    await asyncio.sleep(0.1 * (1 + numero % 3))  # on fait semblant d'attendre le réseau
    en_cours -= 1
    print(f"fin   {url}")
    return f"<contenu de {url}>"


async def main():
    urls = [f"https://exemple.fr/{n}" for n in range(8)]
    debut = time.perf_counter()
    contenus = await telecharger_avec_limite(urls, faux_telechargement, 3)
    print(contenus)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : jamais plus de 3 en cours)")


if __name__ == "__main__":
    asyncio.run(main())

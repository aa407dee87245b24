"""Chaque téléchargement raté est relancé une fois « pour être robuste » : l'url est alors téléchargée deux fois et la première erreur est cachée.

Réponse du corpus aveugle (wrong/ex02_gather/reessai_en_cas_d_erreur.py).
Promesse violée : « Chaque url est téléchargée une seule fois. »
Exigence : E4
Message attendu : l'url ratée a été retentée
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    async def telecharger_robuste(url):
        try:
            return await telecharger(url)
        except Exception:
            return await telecharger(url)  # deuxième essai

    contenus = await asyncio.gather(*(telecharger_robuste(url) for url in urls))
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

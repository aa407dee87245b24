"""Limite à 10 salutations simultanées avec un asyncio.Semaphore : au-delà, les invités suivants attendent leur tour avant de dire Bonjour.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E6
Message attendu : n'ont pas tous attendu en même temps | sous un sémaphore
"""

import asyncio
import time

MAX_EN_MEME_TEMPS = 10


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    # On ne salue pas plus de 10 personnes à la fois, par politesse.
    semaphore = asyncio.Semaphore(MAX_EN_MEME_TEMPS)

    async def saluer_poliment(nom, duree):
        async with semaphore:
            return await saluer(nom, duree)

    noms = await asyncio.gather(
        *(saluer_poliment(nom, duree) for nom, duree in invites.items())
    )
    return noms


def main(invites):
    noms = asyncio.run(saluer_tout_le_monde(invites))
    print("Tout le monde a été salué :", noms)
    return noms


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

"""Crée la coroutine saluer_tout_le_monde(invites) avant de traiter le cas sans invité : avec un dictionnaire vide, main rend [] et la coroutine n'est jamais attendue.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : jamais tourné | crée-la à l'endroit même
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    salutations = saluer_tout_le_monde(invites)
    if not invites:
        print("Personne à saluer.")
        return []
    noms = asyncio.run(salutations)
    print("Tout le monde a été salué :", noms)
    return noms


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

"""Correct : Crée à la main une boucle avec new_event_loop, y lance les tâches puis asyncio.wait, et ferme la boucle dans un finally.

Réponse juste du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    if not invites:
        return []  # asyncio.wait refuse un ensemble vide
    taches = [asyncio.create_task(saluer(nom, duree)) for nom, duree in invites.items()]
    await asyncio.wait(taches)  # attend que toutes soient finies
    return [tache.result() for tache in taches]


def main(invites):
    boucle = asyncio.new_event_loop()
    try:
        noms = boucle.run_until_complete(saluer_tout_le_monde(invites))
    finally:
        boucle.close()
    print("Tout le monde a été salué :", noms)
    return noms


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

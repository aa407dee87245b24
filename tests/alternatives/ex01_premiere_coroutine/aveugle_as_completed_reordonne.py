"""Correct : Crée une tâche par invité, récupère les noms avec asyncio.as_completed dans l'ordre de fin, puis les remet dans l'ordre du dictionnaire.

Réponse juste du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_numerote(numero, nom, duree):
    return numero, await saluer(nom, duree)


async def saluer_tout_le_monde(invites):
    taches = [
        asyncio.create_task(saluer_numerote(numero, nom, duree))
        for numero, (nom, duree) in enumerate(invites.items())
    ]
    noms = [None] * len(taches)
    # as_completed donne les résultats dans l'ordre de fin :
    # on range chaque nom à sa place, celle du dictionnaire.
    for prochaine in asyncio.as_completed(taches):
        numero, nom = await prochaine
        noms[numero] = nom
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

"""Correct : une tâche par invité (ensure_future), asyncio.wait, noms relus dans l'ordre.

Le détail : une tâche par invité avec `asyncio.ensure_future`, attente avec
`asyncio.wait` (garde pour le dictionnaire vide), noms relus dans l'ordre du
dictionnaire.

Réponse juste du corpus aveugle (correct/ex01_premiere_coroutine/ensure_future_et_wait.py).
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
        return []
    taches = {nom: asyncio.ensure_future(saluer(nom, duree)) for nom, duree in invites.items()}
    await asyncio.wait(taches.values())
    return [taches[nom].result() for nom in invites]


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

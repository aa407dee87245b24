"""Correct : saluer_tout_le_monde réécrite avec un asyncio.TaskGroup.

Le détail : `asyncio.sleep` dans `saluer`, et `saluer_tout_le_monde` réécrite
avec un `asyncio.TaskGroup` (résultats relus dans l'ordre des tâches).

Réponse juste du corpus aveugle (correct/ex01_premiere_coroutine/taskgroup.py).
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    async with asyncio.TaskGroup() as groupe:
        taches = [groupe.create_task(saluer(nom, duree)) for nom, duree in invites.items()]
    return [tache.result() for tache in taches]


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

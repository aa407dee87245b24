"""Attend dans un petit ThreadPoolExecutor (8 threads) via run_in_executor : au-delà de 8 invités, les attentes font la queue.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E6
Message attendu : n'ont pas tous attendu en même temps | run_in_executor) n'a que quelques threads
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

# Pas plus de 8 threads, pour ne pas surcharger la machine.
POOL = ThreadPoolExecutor(max_workers=8)


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    boucle = asyncio.get_running_loop()
    await boucle.run_in_executor(POOL, time.sleep, duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
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

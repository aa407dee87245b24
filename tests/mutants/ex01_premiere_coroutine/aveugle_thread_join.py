"""Fait dormir saluer dans un threading.Thread qu'il attend avec join() : join bloque la boucle, les salutations passent une par une.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : restée bloquée | sans jamais lui rendre la main
"""

import asyncio
import threading
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    # On met l'attente dans un thread pour ne pas bloquer.
    attente = threading.Thread(target=time.sleep, args=(duree,))
    attente.start()
    attente.join()
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

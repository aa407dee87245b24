"""`saluer_tout_le_monde` passe par `asyncio.wait` : sans invité (dictionnaire vide), `asyncio.wait` lève ValueError au lieu de renvoyer une liste vide.

Réponse du corpus aveugle (wrong/ex01_premiere_coroutine/wait_sans_invite.py).
Promesse violée : « C'est une fonction normale (`def`, pas `async def`) : elle doit faire tourner toutes les salutations en même temps, puis renvoyer la liste des noms, dans l'ordre du dictionnaire. »
Exigence : E8
Message attendu : asyncio.wait refuse un ensemble vide
"""

import asyncio
import time

async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    taches = [asyncio.create_task(saluer(nom, duree)) for nom, duree in invites.items()]
    await asyncio.wait(taches)
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

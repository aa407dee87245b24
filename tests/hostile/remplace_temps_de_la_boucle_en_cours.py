"""Remplace pendant l'appel l'horloge de la boucle en cours (loop.time) par une horloge 10 fois plus rapide.

Combiné à une attente 10 fois trop longue, la durée mesurée semble juste.

Exercice : ex01_premiere_coroutine
Message attendu : a remplacé
"""

import asyncio
import time


def _accelerer(boucle):
    if getattr(boucle, "_acceleree", False):
        return
    depart = time.monotonic()
    boucle.time = lambda: depart + (time.monotonic() - depart) * 10
    boucle._acceleree = True


async def saluer(nom, duree):
    _accelerer(asyncio.get_running_loop())
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree * 10)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    return await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))


def main(invites):
    return asyncio.run(saluer_tout_le_monde(invites))

"""Lance bien la boucle avec asyncio.run, mais garde time.sleep dans saluer.

Exigence : E2
Message attendu : boucle d'événements est restée bloquée | time.sleep
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    time.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    noms = asyncio.run(saluer_tout_le_monde(invites))
    print("Tout le monde a été salué :", noms)
    return noms

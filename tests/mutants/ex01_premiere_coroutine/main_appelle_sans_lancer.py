"""Corrige saluer, mais main appelle la coroutine sans la faire tourner avec asyncio.run.

Exigence : E3
Message attendu : main renvoie une coroutine | asyncio.run(coroutine)
"""

import asyncio


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    noms = saluer_tout_le_monde(invites)
    print("Tout le monde a été salué :", noms)
    return noms

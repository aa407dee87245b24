"""Remplace time.sleep par asyncio.sleep(duree) mais oublie le await devant.

Exigence : E1
Message attendu : asyncio.sleep(duree) sans await | was never awaited
"""

import asyncio


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    noms = asyncio.run(saluer_tout_le_monde(invites))
    print("Tout le monde a été salué :", noms)
    return noms

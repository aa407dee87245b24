"""Recopie le cours : attend toujours une seconde, quelle que soit la durée demandée.

Exigence : E1
Message attendu : beaucoup plus longtemps que la durée demandée
"""

import asyncio


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(1)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    noms = asyncio.run(saluer_tout_le_monde(invites))
    print("Tout le monde a été salué :", noms)
    return noms

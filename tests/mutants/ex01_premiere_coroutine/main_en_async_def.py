"""Transforme main en async def au lieu de lancer la boucle avec asyncio.run.

Exigence : E3
Message attendu : main doit rester une fonction normale | async def
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


async def main(invites):
    noms = await saluer_tout_le_monde(invites)
    print("Tout le monde a été salué :", noms)
    return noms


if __name__ == "__main__":
    asyncio.run(main({"Ada": 1.0, "Linus": 0.5}))

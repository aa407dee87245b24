"""Lance chaque salutation avec son propre asyncio.run : les invités passent l'un après l'autre.

Exigence : E5, E7
Message attendu : boucles d'événements différentes | un seul asyncio.run
"""

import asyncio


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


def main(invites):
    noms = []
    for nom, duree in invites.items():
        noms.append(asyncio.run(saluer(nom, duree)))
    print("Tout le monde a été salué :", noms)
    return noms

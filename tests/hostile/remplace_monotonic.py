"""Remplace time.monotonic par une horloge 10 fois plus rapide pour cacher une attente 10 fois trop longue.

time.monotonic est aussi l'horloge de la boucle d'événements : ses minuteurs
sonnent 10 fois trop tôt, si bien que l'attente truquée semble juste.

Exercice : ex01_premiere_coroutine
Message attendu : a remplacé | monotonic
"""

import asyncio
import time

_vraie_horloge = time.monotonic
_depart = _vraie_horloge()
time.monotonic = lambda: _depart + (_vraie_horloge() - _depart) * 10


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree * 10)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    return await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))


def main(invites):
    return asyncio.run(saluer_tout_le_monde(invites))

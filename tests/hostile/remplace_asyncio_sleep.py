"""Remplace asyncio.sleep par une version qui divise chaque attente par 10, et attend 10 fois trop longtemps.

Exercice : ex01_premiere_coroutine
Message attendu : a remplacé | asyncio.sleep
"""

import asyncio

_vrai_sleep = asyncio.sleep


async def _sleep_rapide(delai, result=None):
    return await _vrai_sleep(delai / 10, result)


asyncio.sleep = _sleep_rapide


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree * 10)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    return await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))


def main(invites):
    return asyncio.run(saluer_tout_le_monde(invites))

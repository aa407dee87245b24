"""Les noms sont ramassés avec `asyncio.as_completed` : la liste suit l'ordre de fin des salutations, pas l'ordre du dictionnaire.

Réponse du corpus aveugle (wrong/ex01_premiere_coroutine/ordre_d_arrivee.py).
Promesse violée : « C'est une fonction normale (`def`, pas `async def`) : elle doit faire tourner toutes les salutations en même temps, puis renvoyer la liste des noms, dans l'ordre du dictionnaire. »
Exigence : E4
Message attendu : dans l'ordre où les salutations se sont terminées | as_completed
"""

import asyncio
import time

async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = []
    for prochaine in asyncio.as_completed([saluer(nom, duree) for nom, duree in invites.items()]):
        noms.append(await prochaine)
    return noms


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

"""`main` fabrique sa propre boucle avec `new_event_loop().run_until_complete` au lieu d'`asyncio.run`, et ne la ferme jamais.

Réponse du corpus aveugle (wrong/ex01_premiere_coroutine/boucle_jamais_fermee.py).
Promesse violée : « Dans `main`, qui reste une fonction normale, démarre la coroutine avec `asyncio.run(...)` et renvoie ce qu'elle renvoie. »
Exigence : E7
Message attendu : n'est pas fermée quand main rend la main | boucle.close()
"""

import asyncio
import time

async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    boucle = asyncio.new_event_loop()
    noms = boucle.run_until_complete(saluer_tout_le_monde(invites))
    print("Tout le monde a été salué :", noms)
    return noms


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

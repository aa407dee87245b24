"""`saluer` rend la main une fois avec `await asyncio.sleep(0)` puis garde `time.sleep` : les « Bonjour » sortent tous d'abord, mais les attentes s'additionnent.

Réponse du corpus aveugle (wrong/ex01_premiere_coroutine/sleep0_puis_time_sleep.py).
Promesse violée : « Avec trois invités, tous les « Bonjour » doivent s'afficher avant le premier « au revoir », et le tout doit durer environ la plus longue attente, pas la somme des attentes. »
Exigence : E2, E6
Message attendu : boucle d'événements est restée bloquée | un await placé avant time.sleep
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(0)  # on rend la main à la boucle pour que les autres disent bonjour
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


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

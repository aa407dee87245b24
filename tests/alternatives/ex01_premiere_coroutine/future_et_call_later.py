"""Correct : saluer attend un Future que la boucle résout avec loop.call_later.

Le détail : `saluer` attend un Future explicite que la boucle résout avec
`loop.call_later(duree, ...)` ; gather inchangé, `asyncio.run` dans `main`.

Réponse juste du corpus aveugle (correct/ex01_premiere_coroutine/future_et_call_later.py).
"""

import asyncio
import time


async def attendre(duree):
    boucle = asyncio.get_running_loop()
    reveil = boucle.create_future()
    minuterie = boucle.call_later(duree, lambda: reveil.done() or reveil.set_result(None))
    try:
        await reveil
    finally:
        minuterie.cancel()


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await attendre(duree)
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

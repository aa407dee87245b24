"""`saluer` attend avec `asyncio.to_thread(time.sleep, duree)` : chaque invité occupe un thread du pool par défaut (quelques threads seulement), donc au-delà de quelques invités les salutations passent par paquets.

Réponse du corpus aveugle (wrong/ex01_premiere_coroutine/time_sleep_dans_un_thread.py).
Promesse violée : « C'est une fonction normale (`def`, pas `async def`) : elle doit faire tourner toutes les salutations en même temps, puis renvoyer la liste des noms, dans l'ordre du dictionnaire. »
Exigence : E6
Message attendu : n'ont pas tous attendu en même temps | (asyncio.to_thread, run_in_executor) n'a que quelques threads
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.to_thread(time.sleep, duree)  # time.sleep ne bloque plus la boucle
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

"""Lance un asyncio.run par invité, chacun dans son thread : c'est simultané, mais une boucle d'événements par invité.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E7
Message attendu : boucles d'événements différentes | un seul asyncio.run
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def saluer_dans_un_thread(nom_et_duree):
    nom, duree = nom_et_duree
    return asyncio.run(saluer(nom, duree))


def main(invites):
    if not invites:
        noms = []
    else:
        # Un thread par invité, comme ça tout le monde est salué en même temps.
        with ThreadPoolExecutor(max_workers=len(invites)) as pool:
            noms = list(pool.map(saluer_dans_un_thread, invites.items()))
    print("Tout le monde a été salué :", noms)
    return noms


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

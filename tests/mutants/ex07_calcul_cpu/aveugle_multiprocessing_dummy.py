"""Utilise le Pool de multiprocessing.dummy avec map_async et attend le résultat en interrogeant ready().

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est faux : multiprocessing.dummy a la même interface que multiprocessing mais ses « processus » sont des threads du programme, donc les calculs ne sortent pas du processus.
Exigence : E2
Message attendu : dans le processus du programme lui-même | dans d'autres threads
"""

import asyncio
import time
from multiprocessing.dummy import Pool


async def calculer_tous(travail, valeurs):
    if not valeurs:
        return []
    pool = Pool()
    try:
        en_cours = pool.map_async(travail, valeurs)
        while not en_cours.ready():
            await asyncio.sleep(0.01)
        return en_cours.get()
    finally:
        pool.close()
        pool.join()


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.
# Le `if __name__ == "__main__":` en bas est indispensable : avec spawn, chaque
# processus du pool réimporte ce fichier, et ne doit pas relancer la démo.


def compter_premiers(limite):
    """Compte les nombres premiers inférieurs à `limite` (volontairement lent)."""
    total = 0
    for n in range(2, limite):
        if all(n % d for d in range(2, int(n**0.5) + 1)):
            total += 1
    return total


async def chronometre():
    """Affiche un point toutes les 0,1 s : s'il n'y a plus de points, la boucle est bloquée."""
    while True:
        print(".", end="", flush=True)
        await asyncio.sleep(0.1)


async def main():
    tic = asyncio.create_task(chronometre())
    debut = time.perf_counter()
    resultats = await calculer_tous(compter_premiers, [200_000, 210_000, 220_000, 230_000])
    tic.cancel()
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"\n{resultats} en {secondes} s")


if __name__ == "__main__":
    asyncio.run(main())

"""Soumet tous les calculs au pool avec submit, puis attend avec concurrent.futures.wait.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est faux : concurrent.futures.wait n'est pas une coroutine, il bloque la boucle d'événements jusqu'à la fin de tous les calculs.
Exigence : E5
Message attendu : La boucle d'événements a été bloquée | dans wait()
"""

import asyncio
import concurrent.futures
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    with ProcessPoolExecutor() as pool:
        futurs = [pool.submit(travail, v) for v in valeurs]
        concurrent.futures.wait(futurs)  # on attend que tout soit fini
        return [f.result() for f in futurs]


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

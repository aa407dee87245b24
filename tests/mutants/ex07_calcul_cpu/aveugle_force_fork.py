"""Impose « fork » au pool avec mp_context=multiprocessing.get_context("fork") (« fork est le plus rapide et n'a rien à réimporter »), quelle que soit la façon de démarrer choisie par le programme.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est faux : sous spawn ou forkserver, les processus du pool sont quand même copiés du programme par fork ; sous Windows, où fork n'existe pas, get_context("fork") lève ValueError, et sous macOS fork peut planter : le code ne marche pas avec chaque façon de démarrer.
Exigence : E4
Message attendu : ont été démarrés par « fork » | ton code impose « fork » | lève ValueError
"""

import asyncio
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    contexte = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(mp_context=contexte) as pool:
        futurs = [loop.run_in_executor(pool, travail, valeur) for valeur in valeurs]
        return await asyncio.gather(*futurs)


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

"""Correct : Envoie functools.partial(travail, valeur) à un ProcessPoolExecutor de 2 processus et attend tout avec gather.

Réponse juste du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est juste : un partial d'une fonction du module se pickle avec tous les modes de démarrage, tous les calculs sont soumis d'un coup (deux tournent toujours en même temps sur deux cœurs), gather garde l'ordre et le bloc with arrête le pool avant le retour.
"""

import asyncio
import functools
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2) as pool:
        futurs = [
            loop.run_in_executor(pool, functools.partial(travail, valeur))
            for valeur in valeurs
        ]
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

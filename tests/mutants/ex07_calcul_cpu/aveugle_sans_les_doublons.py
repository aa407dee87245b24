"""Retire les valeurs en double avant d'envoyer les calculs (« inutile de calculer deux fois la même chose ») et renvoie la liste calculée telle quelle : une valeur donnée deux fois n'a son résultat qu'une fois.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1
Message attendu : Une valeur donnée deux fois n'a son résultat qu'une fois | aux deux positions
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    # dict.fromkeys enlève les doublons en gardant l'ordre d'arrivée
    distinctes = list(dict.fromkeys(valeurs))
    with ProcessPoolExecutor() as pool:
        futurs = [loop.run_in_executor(pool, travail, valeur) for valeur in distinctes]
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

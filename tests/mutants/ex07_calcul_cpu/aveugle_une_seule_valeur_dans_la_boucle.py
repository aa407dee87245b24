"""Pool de processus, run_in_executor et gather, sauf pour une seule valeur, calculée directement dans la coroutine « pour ne pas démarrer un pool pour rien » : ce calcul-là tourne dans la boucle.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : une seule valeur a tourné dans le processus du programme | même pour une seule valeur
"""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    if not valeurs:
        return []
    if len(valeurs) == 1:
        # démarrer des processus coûte cher : pour un seul calcul, pas la peine
        return [travail(valeurs[0])]
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
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

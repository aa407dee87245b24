"""Lance tous les calculs dans le pool avec gather, plus une tâche qui affiche la progression.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est faux : la tâche de progression dort encore dans son asyncio.sleep quand la fonction rend la main, elle tourne donc toujours après le retour (personne ne l'attend ni ne l'annule).
Exigence : C2
Message attendu : tournent encore quand il rend la main | afficher_progression
"""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


async def afficher_progression(futurs):
    while True:
        finis = sum(f.done() for f in futurs)
        print(f"[{finis}/{len(futurs)} calculs finis]", end="", flush=True)
        if finis == len(futurs):
            break
        await asyncio.sleep(0.5)


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        futurs = [loop.run_in_executor(pool, travail, v) for v in valeurs]
        asyncio.create_task(afficher_progression(futurs))
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

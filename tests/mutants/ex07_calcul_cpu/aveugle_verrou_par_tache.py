"""Une tâche par valeur, mais chaque tâche prend un asyncio.Lock avant d'envoyer son calcul au pool.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est faux : le verrou n'est libéré qu'après la fin du calcul, donc les calculs passent un par un dans le pool et jamais deux en même temps.
Exigence : E3
Message attendu : Les calculs n'ont pas tourné en même temps | sans verrou ni sémaphore
"""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    verrou = asyncio.Lock()  # pour que les tâches ne se marchent pas dessus

    async def un_calcul(pool, valeur):
        async with verrou:
            return await loop.run_in_executor(pool, travail, valeur)

    with ProcessPoolExecutor() as pool:
        taches = [asyncio.create_task(un_calcul(pool, v)) for v in valeurs]
        return await asyncio.gather(*taches)


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

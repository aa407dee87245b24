"""Met les valeurs dans une asyncio.Queue et un seul « ouvrier » les envoie au pool une par une.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est faux : avec un seul consommateur qui attend chaque calcul avant de prendre le suivant, le pool n'a jamais plus d'un calcul à faire à la fois.
Exigence : E3
Message attendu : Les calculs n'ont pas tourné en même temps | a tourné seul
"""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    file = asyncio.Queue()
    for i, valeur in enumerate(valeurs):
        file.put_nowait((i, valeur))
    resultats = [None] * len(valeurs)

    async def ouvrier(pool):
        while not file.empty():
            i, valeur = await file.get()
            resultats[i] = await loop.run_in_executor(pool, travail, valeur)
            file.task_done()

    with ProcessPoolExecutor() as pool:
        await asyncio.gather(ouvrier(pool))
    return resultats


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

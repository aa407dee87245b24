"""Correct : Démarre un multiprocessing.Process par valeur ; chacun renvoie (indice, résultat) dans une multiprocessing.Queue que la boucle relève sans bloquer.

Réponse juste du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Pourquoi c'est juste : tous les processus démarrent d'un coup avec le contexte par défaut (fork, spawn ou forkserver), la cible est une fonction du module, la file est lue avec get_nowait et await asyncio.sleep entre deux essais, les résultats sont rangés à leur indice et on attend (toujours avec await) que chaque processus soit fini avant de rendre la main.
"""

import asyncio
import multiprocessing
import queue
import time


def _executer(travail, indice, valeur, file):
    """Tourne dans le processus fils : calcule et renvoie le résultat (ou l'erreur) avec son indice."""
    try:
        file.put((indice, True, travail(valeur)))
    except BaseException as erreur:
        file.put((indice, False, erreur))


async def calculer_tous(travail, valeurs):
    valeurs = list(valeurs)
    if not valeurs:
        return []
    contexte = multiprocessing.get_context()
    file = contexte.Queue()
    processus = [
        contexte.Process(target=_executer, args=(travail, i, v, file), daemon=True)
        for i, v in enumerate(valeurs)
    ]
    restants = len(valeurs)
    try:
        for p in processus:
            p.start()
        resultats = [None] * len(valeurs)
        erreur = None
        recus = set()
        while restants:
            try:
                indice, reussi, valeur = file.get_nowait()
            except queue.Empty:
                morts = [
                    i for i, p in enumerate(processus)
                    if i not in recus and p.exitcode not in (None, 0)
                ]
                if morts:  # un fils est mort sans rien renvoyer : on ne l'attend pas pour rien
                    raise RuntimeError(f"le calcul de la valeur n°{morts[0]} a planté")
                await asyncio.sleep(0.005)
                continue
            recus.add(indice)
            restants -= 1
            if reussi:
                resultats[indice] = valeur
            elif erreur is None:
                erreur = valeur
        if erreur is not None:
            raise erreur
        return resultats
    finally:
        # attendre sans bloquer la boucle que chaque processus soit terminé
        if restants:  # sortie sur erreur ou annulation : on arrête ceux qui tournent
            for p in processus:
                if p.pid is not None and p.is_alive():
                    p.terminate()
        while any(p.pid is not None and p.is_alive() for p in processus):
            await asyncio.sleep(0.005)
        for p in processus:
            if p.pid is not None:
                p.join()
                p.close()
        file.close()
        file.join_thread()


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

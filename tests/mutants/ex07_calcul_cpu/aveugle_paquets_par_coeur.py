"""Lance les calculs par paquets de la taille du nombre de cœurs et attend chaque paquet en entier : un calcul long retient tout le paquet suivant.
Exigence : E3
Message attendu : Les calculs n'ont pas tourné en même temps | les processus libres n'ont pas pris les calculs suivants | ni un par un ni par paquets
Promesse violée : « Confie les calculs à d'autres processus avec un `concurrent.futures.ProcessPoolExecutor` et `loop.run_in_executor`, lance-les tous en même temps et attends-les avec `asyncio.gather`. »

Exercice 07 — Sortir un calcul lourd de la boucle avec un pool de processus.

Ce que fait ce code
    `calculer_tous(travail, valeurs)` applique la fonction `travail` à chaque
    valeur et renvoie la liste des résultats, dans l'ordre des valeurs.
    `travail` est un calcul lourd en Python pur (il occupe le processeur, il
    n'attend rien).

Ce qui ne va pas
    Les calculs tournent dans la boucle d'événements elle-même. Tant qu'ils
    tournent, la boucle est bloquée : aucune autre coroutine ne peut avancer
    (un serveur ne répondrait plus à personne). Et un seul cœur travaille,
    même si la machine en a plusieurs : à cause du GIL, même des threads
    n'y changeraient rien.

Ce qu'il faut changer
    Confie les calculs à d'autres processus avec un
    `concurrent.futures.ProcessPoolExecutor` et `loop.run_in_executor`, lance-les
    tous en même temps et attends-les avec `asyncio.gather`. La boucle reste
    libre pendant ce temps, et plusieurs cœurs travaillent en parallèle.
    Attention : ce qu'on envoie à un autre processus est « picklé ». Passe la
    fonction `travail` elle-même, pas une lambda. Le code doit marcher avec
    toutes les façons de démarrer un processus (fork sous Linux, spawn sous
    Windows et macOS, forkserver par défaut sous Linux depuis Python 3.14).

À relire dans le cours
    « Pourquoi l'asynchrone ? », « Comparaison rapide avec threading » (ligne
    « CPU intensif ») et « Quand choisir asyncio ? » (« À éviter pour »).

Pour essayer : python exercises/ex07_calcul_cpu.py
Pour tester :  nox -- 07
"""

import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    valeurs = list(valeurs)
    taille = os.cpu_count() or 1
    resultats = []
    with ProcessPoolExecutor(max_workers=taille) as pool:
        # un paquet par « tour » : autant de calculs que de cœurs, pas plus
        for debut in range(0, len(valeurs), taille):
            paquet = valeurs[debut:debut + taille]
            resultats += await asyncio.gather(
                *(loop.run_in_executor(pool, travail, valeur) for valeur in paquet)
            )
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

"""Exercice 07 — Sortir un calcul lourd de la boucle avec un pool de processus.

Ce que fait ce code
    `calculer_tous(travail, valeurs)` applique la fonction `travail` à chaque
    valeur et renvoie la liste des résultats, dans l'ordre des valeurs (une
    liste vide s'il n'y en a aucune).
    `travail` est un calcul lourd en Python pur (il occupe le processeur, il
    n'attend rien). Ici, `travail` ne lève jamais d'erreur.

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
    libre pendant ce temps, et plusieurs cœurs travaillent en parallèle. Les
    résultats restent dans l'ordre des valeurs, même si les calculs ne
    finissent pas dans cet ordre. Quand la fonction rend la main, tous ses
    calculs sont finis.
    Attention : ce qu'on envoie à un autre processus est « picklé ». Passe la
    fonction `travail` elle-même, pas une lambda. Le code doit marcher avec
    toutes les façons de démarrer un processus (fork sous Linux, spawn sous
    Windows et macOS, forkserver par défaut sous Linux depuis Python 3.14).

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. calculer_tous renvoie la liste des résultats de travail(valeur),
        dans l'ordre des valeurs reçues (une liste vide s'il n'y a aucune
        valeur) ; une valeur donnée deux fois a son résultat aux deux
        positions.
    E2. Chaque calcul tourne dans un autre processus que celui du programme,
        jamais dans la boucle ni dans un thread.
    E3. Les calculs sont lancés tous ensemble : plusieurs tournent en même
        temps, sur plusieurs cœurs.
    E4. calculer_tous marche avec chaque façon de démarrer un processus :
        fork, spawn et forkserver.
    E5. La boucle d'événements continue à tourner pendant chaque calcul :
        aucun calcul dans la boucle, et tu attends les calculs avec await,
        jamais de façon bloquante.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.

À relire dans le cours
    « Pourquoi l'asynchrone ? », « Comparaison rapide avec threading » (ligne
    « CPU intensif ») et « Quand choisir asyncio ? » (« À éviter pour »).

Pour essayer : python exercises/ex07_calcul_cpu.py
Pour tester :  nox -- 07
Pour voir la chronologie de ton code, même quand il passe :  nox -- 07 --chronologie
"""

import asyncio
import time


async def calculer_tous(travail, valeurs):
    resultats = []
    for valeur in valeurs:
        resultats.append(travail(valeur))
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

"""Exercice 03 — Lancer une tâche tôt avec create_task.

Ce que fait ce code
    `preparer_repas(plat, entree, cuire, preparer)` prépare un repas :
    `await cuire(plat)` cuit le plat (c'est souvent long, mais le four
    travaille tout seul) et `await preparer(entree)` prépare l'entrée.
    `cuire` et `preparer` sont des fonctions `async` ; l'une ou l'autre peut
    être la plus longue, et l'une ou l'autre peut échouer (lever une
    exception). La fonction renvoie le couple (entrée préparée, plat cuit),
    dans cet ordre ; si une étape échoue, elle laisse remonter son erreur.

Ce qui ne va pas
    Le code a l'air de mettre le plat au four dès le début, mais
    `cuisson = cuire(plat)` ne fait que créer une coroutine : elle ne démarre
    qu'au moment de `await cuisson`, donc une fois l'entrée finie. Le four
    reste éteint pendant qu'on prépare l'entrée, et le repas dure la somme
    des deux étapes au lieu de la plus longue.

Ce qu'il faut changer
    Mets le plat au four tout de suite avec `asyncio.create_task(...)` : la
    cuisson avance pendant que tu prépares l'entrée. Récupère ensuite le plat
    cuit avec `await` sur la tâche. Chaque étape a lieu une seule fois, et
    quand `preparer_repas` rend la main, plus rien ne doit être en cours,
    même quand une étape a échoué : si la préparation de l'entrée échoue,
    éteins le four (`cuisson.cancel()`), attends la fin de la tâche (par
    exemple `await asyncio.gather(cuisson, return_exceptions=True)`, qui lit
    aussi son erreur éventuelle), puis laisse remonter l'erreur (`raise`).
    Un `asyncio.TaskGroup` fait tout cela pour toi : l'erreur remonte alors
    dans un ExceptionGroup, ce qui est accepté.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. La cuisson avance pendant que tu prépares l'entrée : `cuire(plat)`
        commence avant que `preparer(entree)` finisse, quelle que soit
        l'étape la plus longue.
    E2. `preparer_repas` renvoie le couple (entrée préparée, plat cuit),
        dans cet ordre, même quand l'entrée est plus longue à préparer que
        le plat à cuire.
    E3. Chaque étape a lieu une seule fois : un seul `cuire(plat)` et un
        seul `preparer(entree)`.
    E4. Si `cuire` ou `preparer` lève une exception, `preparer_repas` la
        laisse remonter (telle quelle, ou dans un ExceptionGroup) au lieu de
        renvoyer un repas.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C3. Aucune erreur n'est perdue : aucune tâche ne finit sur une exception
        que personne ne lit.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Coroutines vs Tasks », « Ne pas oublier d'await »

Pour essayer : python exercises/ex03_create_task.py
Pour tester :  nox -- 03
Pour voir la chronologie de ton code, même quand il passe :  nox -- 03 --chronologie
"""

import asyncio
import time


async def preparer_repas(plat, entree, cuire, preparer):
    cuisson = cuire(plat)  # le plat est-il vraiment au four ?
    entree_preparee = await preparer(entree)
    plat_cuit = await cuisson
    return entree_preparee, plat_cuit


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def cuisson_demo(plat):
    print(f"{plat} : au four")
    await asyncio.sleep(1.0)  # le four travaille tout seul
    print(f"{plat} : cuit")
    return f"{plat} cuit"


async def preparation_demo(entree):
    print(f"{entree} : en préparation")
    await asyncio.sleep(0.6)
    print(f"{entree} : prête")
    return f"{entree} prête"


async def main():
    debut = time.perf_counter()
    repas = await preparer_repas("gratin", "salade", cuisson_demo, preparation_demo)
    print(repas)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")


if __name__ == "__main__":
    asyncio.run(main())

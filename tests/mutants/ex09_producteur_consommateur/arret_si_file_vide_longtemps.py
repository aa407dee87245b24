"""Un travailleur s'arrête après 0,5 s sans rien dans la file : si la source marque une pause plus longue, les éléments suivants ne sont jamais traités.
Promesse violée : « Attention : la file peut être vide un instant alors que d'autres éléments vont encore arriver. »
Exigence : E2
Message attendu : la file est vide un instant

Exercice 09 — Producteur, consommateurs et arrêt propre avec une Queue.

Ce que fait ce code
    `traiter_tout(source, traiter, nb_travailleurs)` reçoit des éléments qui
    arrivent petit à petit : on les lit avec `async for element in source`.
    Il faut appliquer `await traiter(element)` à chacun, mais jamais plus de
    `nb_travailleurs` à la fois. Pour cela, le producteur (la boucle
    `async for`) met chaque élément dans une `asyncio.Queue`, et
    `nb_travailleurs` tâches « travailleurs » prennent chacune l'élément
    suivant dans la file dès qu'elles sont libres. La fonction renvoie un
    dictionnaire {élément: résultat}.

Ce qui ne va pas
    La fonction ne se termine jamais : `await file.join()` attend que chaque
    élément mis dans la file ait été déclaré fini, et personne ne le fait.
    Ce n'est pas tout : quand la fonction rend la main, des travailleurs
    tournent encore ; et si `traiter` lève une exception pour un élément, le
    travailleur qui s'en occupait meurt sans rien dire.

Ce qu'il faut changer
    - Chaque élément retiré de la file est déclaré fini avec
      `file.task_done()`, même quand `traiter` échoue.
    - Quand tout est traité, arrête les travailleurs proprement : quand
      `traiter_tout` rend la main, aucune tâche ne doit rester en cours.
    - Si `traiter(element)` lève une exception, c'est l'exception elle-même
      qui devient le résultat de cet élément (on ne réessaie pas) ; les
      autres éléments sont traités normalement.
    - Chaque élément est traité une seule fois, aucun n'est perdu, et il y a
      exactement `nb_travailleurs` travailleurs (ni un seul, ni un par
      élément). Attention : la file peut être vide un instant alors que
      d'autres éléments vont encore arriver.

À relire dans le cours
    « Comparaison rapide avec threading » (la ligne « Synchronisation » :
    les files d'attente asynchrones)

Pour essayer : python exercises/ex09_producteur_consommateur.py
Pour tester :  nox -- 09
"""

import asyncio
import random
import time

ATTENTE_MAX = 0.5  # au-delà, on considère qu'il n'y a plus rien à traiter


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            try:
                element = await asyncio.wait_for(file.get(), ATTENTE_MAX)
            except TimeoutError:
                return  # la file est restée vide : le travail est fini
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await asyncio.gather(*travailleurs)
    return resultats


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def arrivees(commandes):
    """Les commandes arrivent une par une, de temps en temps."""
    for commande in commandes:
        await asyncio.sleep(0.05)
        yield commande


async def preparer(commande):
    await asyncio.sleep(random.uniform(0.1, 0.3))  # on fait semblant de travailler
    if commande == "commande-4":
        raise ValueError("article en rupture de stock")
    return f"{commande} prête"


async def main():
    commandes = [f"commande-{numero}" for numero in range(1, 9)]
    debut = time.perf_counter()
    try:
        resultats = await asyncio.wait_for(traiter_tout(arrivees(commandes), preparer, 3), 5)
    except TimeoutError:
        print("traiter_tout ne s'est pas terminé au bout de 5 s : il reste bloqué quelque part.")
        return
    for commande, resultat in resultats.items():
        print(f"{commande} : {resultat!r}")
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"{len(resultats)} résultats pour {len(commandes)} commandes, en {secondes} s")
    restantes = asyncio.all_tasks() - {asyncio.current_task()}
    print(f"Tâches encore en vie après traiter_tout : {len(restantes)} (objectif : 0)")


if __name__ == "__main__":
    asyncio.run(main())

"""Exercice 09 — Producteur, consommateurs et arrêt propre avec une Queue.

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
      `file.task_done()`, même quand `traiter` échoue : `traiter_tout` rend
      alors la main dès que tout est traité.
    - Quand tout est traité, arrête les travailleurs proprement : quand
      `traiter_tout` rend la main, aucune tâche ne doit rester en cours.
    - Si `traiter(element)` lève une exception, c'est l'exception elle-même
      qui devient le résultat de cet élément (on ne réessaie pas) ; le
      travailleur continue, et les autres éléments sont traités normalement.
    - Chaque élément est traité une seule fois, aucun n'est perdu, et il y a
      exactement `nb_travailleurs` travailleurs (ni un seul, ni un par
      élément), qui commencent à traiter dès les premiers éléments, sans
      attendre la fin de la source. Attention : la file peut rester vide un
      moment (plus d'une seconde) alors que d'autres éléments vont encore
      arriver. Un élément peut être n'importe quelle valeur hashable sauf
      None, même 0 ou "" : ce n'est pas un signal de fin.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. traiter_tout renvoie un dictionnaire {élément: résultat de
        traiter(élément)}, une entrée par élément de la source ; une source
        vide donne {}.
    E2. Chaque élément est traité une seule fois et aucun n'est perdu, même
        quand la file reste vide un moment (plus d'une seconde) avant que
        d'autres éléments arrivent, et même si l'élément vaut 0 ou "".
    E3. Le traitement commence dès les premiers éléments, sans attendre la
        fin de la source.
    E4. Jamais plus de nb_travailleurs traitements à la fois, et
        nb_travailleurs en même temps quand assez d'éléments attendent.
    E5. Exactement nb_travailleurs tâches travailleurs se partagent les
        éléments : ni une seule, ni une par élément.
    E6. Si traiter lève une exception, l'exception elle-même devient le
        résultat de l'élément : pas de nouvel essai, le travailleur
        continue, les autres éléments sont traités.
    E7. traiter_tout rend la main dès que tout est traité, même quand
        traiter a échoué.
    E8. Quand traiter_tout rend la main, aucun travailleur ni aucune autre
        tâche lancée par elle ne tourne encore.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Comparaison rapide avec threading » (la ligne « Synchronisation » :
    les files d'attente asynchrones)

Pour essayer : python exercises/ex09_producteur_consommateur.py
Pour tester :  nox -- 09
Pour voir la chronologie de ton code, même quand il passe :  nox -- 09 --chronologie
"""

import asyncio
import random
import time


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            element = await file.get()
            resultats[element] = await traiter(element)

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await file.join()
    for tache in travailleurs:
        tache.cancel()
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

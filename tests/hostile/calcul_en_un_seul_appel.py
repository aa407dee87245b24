"""Un calcul énorme en un seul appel C (sum(range(10**11))) dans la coroutine.

Cet appel garde le GIL : ni le chien de garde de la boucle, ni le garde-fou
des tests, ni Ctrl+C ne peuvent s'exécuter avant sa fin (des minutes). Le
dernier recours (faulthandler, qui tourne sans le GIL) arrête le processus au
bout de 6 s et écrit les piles ; le correcteur nomme la ligne de l'élève.

Exercice : ex04_await_oublie
Message attendu : resté bloqué dans un seul appel | ex04_await_oublie.py, ligne 16 | sum(range(10**11))
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    total = sum(range(10**11))
    for nom, score in scores.items():
        await sauvegarder(nom, score + total)
    return await notifier(f"{len(scores)} scores enregistrés")

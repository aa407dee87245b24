"""os._exit(0) pendant l'appel : le processus de test s'arrête au milieu des tests.

La borne de 9 s reste sous le budget de 10 s donné au correcteur : il doit voir
aussitôt que le processus est mort, pas au bout de son budget.

Exercice : ex04_await_oublie
Message attendu : os._exit()
Durée max : 9 s
"""

import asyncio
import os


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    os._exit(0)

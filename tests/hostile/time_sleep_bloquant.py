"""time.sleep(3600) dans la coroutine : un appel bloquant fige la boucle pendant une heure.

Exercice : ex04_await_oublie
Message attendu : ne se terminaient pas
"""

import asyncio
import time


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        time.sleep(3600)  # « on laisse la base respirer »
        await sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")

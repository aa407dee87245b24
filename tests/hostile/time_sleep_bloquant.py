"""time.sleep(3600) dans la coroutine : un appel bloquant fige la boucle pendant une heure.

Le chien de garde de la boucle l'interrompt au bout d'une seconde (POSIX : un
signal ; Windows : le processus est arrêté 5 s plus tard, le diagnostic est
lu par le correcteur).

Exercice : ex04_await_oublie
Message attendu : bloque la boucle
"""

import asyncio
import time


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        time.sleep(3600)  # « on laisse la base respirer »
        await sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")

"""signal.alarm(0) puis boucle infinie : annule le minuteur de pytest-timeout avant de bloquer.

Le chien de garde de la boucle, qui n'utilise pas SIGALRM, l'interrompt quand
même ; sinon, le budget du correcteur (mesuré depuis un autre processus)
arrêterait l'exercice.

Windows n'a pas SIGALRM (pytest-timeout y utilise un thread).

Exercice : ex04_await_oublie
Systèmes : linux darwin
Message attendu : bloque la boucle
"""

import asyncio
import signal


async def enregistrer_scores(scores, sauvegarder, notifier):
    signal.alarm(0)
    while True:
        pass

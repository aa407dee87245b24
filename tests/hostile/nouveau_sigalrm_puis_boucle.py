"""Installe un gestionnaire de SIGALRM qui ignore le signal, puis bloque avec time.sleep.

Le minuteur de pytest-timeout sonne dans le vide ; time.sleep reprend après
chaque signal. Le chien de garde de la boucle utilise un autre signal, dont le
gestionnaire lève une exception : time.sleep s'arrête.

Windows n'a pas SIGALRM (pytest-timeout y utilise un thread).

Exercice : ex04_await_oublie
Systèmes : linux darwin
Message attendu : bloque la boucle
"""

import asyncio
import signal
import time


def _ignorer(signum, frame):
    pass


async def enregistrer_scores(scores, sauvegarder, notifier):
    signal.signal(signal.SIGALRM, _ignorer)
    while True:
        time.sleep(3600)

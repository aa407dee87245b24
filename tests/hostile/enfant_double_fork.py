"""Double fork à l'import : un démon détaché (setsid) que plus personne n'attend.

Le petit-enfant change de session et perd son parent : ni le groupe de
processus ni l'arbre des processus de l'exercice ne le mènent à lui.

os.fork n'existe pas sous Windows.

Exercice : ex04_await_oublie
Systèmes : linux darwin
Message attendu : À relire
"""

import asyncio
import os
import time


def _demon():
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)  # l'enfant sort aussitôt : plus de zombie
        return
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        time.sleep(300)
    finally:
        os._exit(0)  # jamais de retour dans le code de pytest


_demon()


async def enregistrer_scores(scores, sauvegarder, notifier):
    return None

"""Lance à l'import un processus enfant dans sa propre session (start_new_session=True).

Il sort du groupe de processus de l'exercice : tuer le groupe ne l'atteint pas.

Exercice : ex04_await_oublie
Message attendu : À relire
"""

import asyncio
import subprocess
import sys

serveur = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(300)"], start_new_session=True
)


async def enregistrer_scores(scores, sauvegarder, notifier):
    return None

"""Lance la sauvegarde dans un processus enfant qui ne se termine jamais, sans l'attendre.

Un enfant ordinaire reste dans le groupe de processus de l'exercice : il doit
être tué avec lui.

Exercice : ex04_await_oublie
Message attendu : À relire
"""

import asyncio
import subprocess
import sys


async def enregistrer_scores(scores, sauvegarder, notifier):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    return None

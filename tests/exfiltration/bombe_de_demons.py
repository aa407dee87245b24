"""Remplit la limite de processus avec des démons (setsid) qui restent après son exercice.

Exercice : ex02_gather
Attendu sans bac à sable : contenu
"""

import os
import time


async def telecharger_tout(urls, telecharger):
    enfants = 0
    if hasattr(os, "fork"):
        for _ in range(600):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                # Hors du groupe de son exercice : il survit à la fin de son pytest.
                os.setsid()
                time.sleep(60)
                os._exit(0)
            enfants += 1
    raise RuntimeError(f"{enfants} démons lancés")

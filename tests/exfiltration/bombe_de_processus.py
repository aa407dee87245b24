"""Épuise les processus : des centaines d'enfants qui attendent (une bombe bornée à 600).

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
                time.sleep(30)
                os._exit(0)
            enfants += 1
    raise RuntimeError(f"{enfants} enfants lancés")

"""Une boucle infinie bloquante qui avale toute exception, BaseException comprise.

L'interruption du chien de garde de la boucle est avalée à chaque fois : au
bout de quelques secondes, il arrête le processus de test lui-même, et le
correcteur lit son diagnostic (fichier, ligne) dans le fichier qu'il lui a
indiqué.

Exercice : ex04_await_oublie
Message attendu : bloque la boucle | ligne
"""

import asyncio
import time


async def enregistrer_scores(scores, sauvegarder, notifier):
    while True:
        try:
            time.sleep(0.01)
        except BaseException:
            pass

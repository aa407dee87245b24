"""Attend avec time.sleep que la base « ait fini d'écrire » avant de notifier : la boucle est bloquée.

Exigence : C1
Message attendu : a bloqué la boucle d'événements
"""

import time


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    time.sleep(0.3)  # laisse la base finir d'écrire sur le disque
    return await notifier(f"{len(scores)} scores enregistrés")

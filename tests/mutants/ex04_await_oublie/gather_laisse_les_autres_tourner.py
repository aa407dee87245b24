"""Sauvegarde tout avec gather sans return_exceptions : l'erreur remonte, mais les autres sauvegardes tournent encore derrière.

Exigence : C2
Message attendu : sauvegarde(s) encore en cours | gather sans return_exceptions transmet la première erreur
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    await asyncio.gather(*(sauvegarder(nom, score) for nom, score in scores.items()))
    return await notifier(f"{len(scores)} scores enregistrés")

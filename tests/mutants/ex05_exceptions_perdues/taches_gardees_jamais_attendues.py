"""Garde les tâches sans les attendre : après une pause, ne regarde que celles déjà finies.

Exigence : C2, C3
Message attendu : des envois tournaient encore | une pause (asyncio.sleep) ne garantit rien
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = [asyncio.create_task(envoyer(message)) for message in messages]
    await asyncio.sleep(0.02)
    reussis = 0
    for message, tache in zip(messages, taches):
        if tache.done():
            if tache.exception() is not None:
                signaler(message, tache.exception())
            else:
                reussis += 1
    return reussis

"""Attend chaque tâche mais attrape les erreurs sans jamais les signaler.

Exigence : E2
Message attendu : ces erreurs ont été avalées
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = [asyncio.create_task(envoyer(message)) for message in messages]
    reussis = 0
    for tache in taches:
        try:
            await tache
            reussis += 1
        except Exception:
            pass
    return reussis

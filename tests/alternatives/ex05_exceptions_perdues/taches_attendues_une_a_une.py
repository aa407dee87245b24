"""Toutes les tâches lancées d'abord, puis attendues une à une, chacune dans son try/except.

Les envois tournent en même temps ; la boucle d'attente ne s'arrête pas au
premier échec, puisque chaque await a son propre try : toutes les tâches
sont attendues et chaque erreur est lue.
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = [asyncio.create_task(envoyer(message)) for message in messages]
    reussis = 0
    for message, tache in zip(messages, taches, strict=True):
        try:
            await tache
        except Exception as erreur:
            signaler(message, erreur)
        else:
            reussis += 1
    return reussis

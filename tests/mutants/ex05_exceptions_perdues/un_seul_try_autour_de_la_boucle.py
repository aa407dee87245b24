"""Un seul try autour de la boucle : après la première erreur, les autres tâches ne sont plus attendues.

Exigence : E2, C2
Message attendu : seulement pour le premier échec
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = [asyncio.create_task(envoyer(message)) for message in messages]
    reussis = 0
    try:
        for message, tache in zip(messages, taches):
            await tache
            reussis += 1
    except Exception as erreur:
        signaler(message, erreur)
    return reussis

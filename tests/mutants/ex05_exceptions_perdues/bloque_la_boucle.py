"""Laisse « respirer » le serveur avec time.sleep après les envois : la boucle est bloquée.

Exigence : C1
Message attendu : a bloqué la boucle d'événements
"""

import asyncio
import time


async def envoyer_tous(messages, envoyer, signaler):
    resultats = await asyncio.gather(
        *(envoyer(message) for message in messages), return_exceptions=True
    )
    time.sleep(0.2)  # on laisse le serveur souffler avant de compter
    reussis = 0
    for message, resultat in zip(messages, resultats):
        if isinstance(resultat, Exception):
            signaler(message, resultat)
        else:
            reussis += 1
    return reussis

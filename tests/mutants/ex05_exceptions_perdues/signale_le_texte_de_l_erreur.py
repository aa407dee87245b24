"""Signale le texte de l'erreur (str) au lieu de l'exception elle-même.

Exigence : E2
Message attendu : a reçu un texte
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    resultats = await asyncio.gather(
        *(envoyer(message) for message in messages), return_exceptions=True
    )
    reussis = 0
    for message, resultat in zip(messages, resultats):
        if isinstance(resultat, Exception):
            signaler(message, str(resultat))
        else:
            reussis += 1
    return reussis

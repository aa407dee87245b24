"""Range les échecs dans un dictionnaire {message: erreur}, puis parcourt la liste pour les signaler : le message en double qui rate deux fois est bien signalé deux fois, mais les deux fois avec la seconde erreur, et jamais avec la première.

Exigence : E2
Message attendu : signalés avec la même exception | ne garde qu'une entrée par message
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    resultats = await asyncio.gather(
        *(envoyer(message) for message in messages), return_exceptions=True
    )
    echecs = {}
    for message, resultat in zip(messages, resultats, strict=True):
        if isinstance(resultat, Exception):
            echecs[message] = resultat
    for message in messages:
        if message in echecs:
            signaler(message, echecs[message])
    return len(messages) - sum(1 for message in messages if message in echecs)

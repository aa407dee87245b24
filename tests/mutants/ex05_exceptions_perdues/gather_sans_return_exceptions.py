"""Attend les envois avec gather sans return_exceptions : la première erreur interrompt tout.

Exigence : E4
Message attendu : a levé une exception au lieu de signaler | return_exceptions=True
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    resultats = await asyncio.gather(*(envoyer(message) for message in messages))
    return len(resultats)

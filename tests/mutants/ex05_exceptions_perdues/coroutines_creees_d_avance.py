"""Crée toutes les coroutines d'avance, puis les attend une à une dans un seul try : après le premier échec, les suivantes ne sont jamais attendues.

Exigence : C4, E1
Message attendu : was never awaited
"""


async def envoyer_tous(messages, envoyer, signaler):
    envois = [envoyer(message) for message in messages]
    reussis = 0
    try:
        for message, envoi in zip(messages, envois):
            await envoi
            reussis += 1
    except Exception as erreur:
        signaler(message, erreur)
    return reussis

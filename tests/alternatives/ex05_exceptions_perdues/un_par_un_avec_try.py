"""Les envois un par un, chacun dans son propre try/except : pas de tâche, pas de gather.

Plus lent quand il y a beaucoup de messages (chaque envoi attend la fin du
précédent), mais juste : chaque erreur est attrapée là où elle arrive, avec
son message, et rien ne reste en cours.
"""


async def envoyer_tous(messages, envoyer, signaler):
    reussis = 0
    for message in messages:
        try:
            await envoyer(message)
        except Exception as erreur:
            signaler(message, erreur)
        else:
            reussis += 1
    return reussis

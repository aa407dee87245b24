"""N'ajoute await que devant notifier : les sauvegardes ne sont jamais exécutées.

Exigence : E1, C4
Message attendu : n'ont jamais démarré | jamais attendues
"""


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")

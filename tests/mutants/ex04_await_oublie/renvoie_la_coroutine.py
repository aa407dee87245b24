"""Attend les sauvegardes mais renvoie notifier(...) sans l'attendre.

Exigence : E3, C4
Message attendu : renvoie une coroutine | notifier(...) a été appelé sans await
"""


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    return notifier(f"{len(scores)} scores enregistrés")

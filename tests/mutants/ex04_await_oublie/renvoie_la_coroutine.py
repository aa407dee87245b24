"""Attend les sauvegardes mais renvoie notifier(...) sans l'attendre."""


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    return notifier(f"{len(scores)} scores enregistrés")

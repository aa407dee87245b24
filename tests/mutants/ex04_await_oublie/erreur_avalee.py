"""Attrape l'erreur d'une sauvegarde et continue sans rien dire.

Exigence : E4, E5
Message attendu : l'a attrapée sans la relancer
"""


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        try:
            await sauvegarder(nom, score)
        except Exception:
            pass
    return await notifier(f"{len(scores)} scores enregistrés")

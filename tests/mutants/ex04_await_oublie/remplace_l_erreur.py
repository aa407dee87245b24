"""Remplace l'erreur d'une sauvegarde par une RuntimeError « plus claire » : l'appelant ne reçoit plus la SaveError.

Exigence : E4
Message attendu : une autre exception | ne remplace pas l'erreur par une autre
"""


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        try:
            await sauvegarder(nom, score)
        except Exception as erreur:
            raise RuntimeError(f"impossible d'enregistrer le score de {nom}") from erreur
    return await notifier(f"{len(scores)} scores enregistrés")

"""Lance les sauvegardes avec create_task sans jamais attendre les tâches.

Exigence : E1, C2
Message attendu : avaient démarré mais n'étaient pas finies au retour
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        asyncio.create_task(sauvegarder(nom, score))
    return await notifier(f"{len(scores)} scores enregistrés")

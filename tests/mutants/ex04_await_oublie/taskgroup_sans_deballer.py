"""Sauvegarde dans un TaskGroup et laisse passer l'ExceptionGroup : l'appelant ne reçoit pas la SaveError elle-même.

Exigence : E4
Message attendu : qui contient la SaveError | emballe les erreurs dans un ExceptionGroup
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    async with asyncio.TaskGroup() as groupe:
        for nom, score in scores.items():
            groupe.create_task(sauvegarder(nom, score))
    return await notifier(f"{len(scores)} scores enregistrés")

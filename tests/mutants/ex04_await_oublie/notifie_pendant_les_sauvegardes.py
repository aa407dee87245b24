"""Lance la notification dans le même gather que les sauvegardes, sans attendre leur fin.

Exigence : E2
Message attendu : la notification est partie avant la fin des sauvegardes
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    *_, accuse = await asyncio.gather(
        *(sauvegarder(nom, score) for nom, score in scores.items()),
        notifier(f"{len(scores)} scores enregistrés"),
    )
    return accuse

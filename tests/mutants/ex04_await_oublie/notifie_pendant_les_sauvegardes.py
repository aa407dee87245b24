"""Lance la notification dans le même gather que les sauvegardes, sans attendre leur fin."""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    *_, accuse = await asyncio.gather(
        *(sauvegarder(nom, score) for nom, score in scores.items()),
        notifier(f"{len(scores)} scores enregistrés"),
    )
    return accuse

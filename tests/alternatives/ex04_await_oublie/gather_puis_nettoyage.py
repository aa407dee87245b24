"""Tâches attendues ensemble avec gather ; sur une erreur, les autres sont annulées et attendues.

Les sauvegardes tournent en même temps. Si l'une échoue, gather transmet son
erreur tout de suite : avant de la laisser remonter, on annule les sauvegardes
encore en cours et on attend qu'elles se soient arrêtées, pour ne rien laisser
tourner derrière soi.
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    taches = [asyncio.create_task(sauvegarder(nom, score)) for nom, score in scores.items()]
    try:
        await asyncio.gather(*taches)
    except Exception:
        for tache in taches:
            tache.cancel()
        await asyncio.gather(*taches, return_exceptions=True)
        raise
    return await notifier(f"{len(scores)} scores enregistrés")

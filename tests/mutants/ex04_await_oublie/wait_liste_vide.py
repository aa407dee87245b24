"""Les sauvegardes sont attendues avec `asyncio.wait`, puis `result()` relance l'erreur : juste, sauf qu'avec un dictionnaire vide, asyncio.wait lève ValueError.

Exigence : E2, E3
Message attendu : Avec un dictionnaire vide, l'appel a levé une exception | asyncio.wait refuse une liste vide
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    taches = [asyncio.create_task(sauvegarder(nom, score)) for nom, score in scores.items()]
    terminees, _ = await asyncio.wait(taches)
    for tache in terminees:
        tache.result()  # relance l'erreur d'une sauvegarde ratée
    return await notifier(f"{len(scores)} scores enregistrés")

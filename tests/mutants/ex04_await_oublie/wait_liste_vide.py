"""Les sauvegardes sont attendues avec `asyncio.wait`, puis la première erreur lue est relancée : juste, sauf qu'avec un dictionnaire vide, asyncio.wait lève ValueError.

Exigence : E2, E3
Message attendu : Avec un dictionnaire vide, l'appel a levé une exception | asyncio.wait refuse une liste vide
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    taches = [asyncio.create_task(sauvegarder(nom, score)) for nom, score in scores.items()]
    await asyncio.wait(taches)
    erreurs = [tache.exception() for tache in taches if tache.exception() is not None]
    if erreurs:
        raise erreurs[0]  # chaque erreur a été lue : on relance la première
    return await notifier(f"{len(scores)} scores enregistrés")

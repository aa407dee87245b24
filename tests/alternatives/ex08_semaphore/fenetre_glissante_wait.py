"""Fenêtre glissante à la main : asyncio.wait(FIRST_COMPLETED), une tâche lancée par tâche finie.

Pas de sémaphore : on ne lance jamais plus de `limite` tâches, et chaque
place libérée est aussitôt reprise par l'url suivante.
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    restantes = iter(enumerate(urls))
    en_cours = {}

    def lancer_la_suivante():
        for position, url in restantes:
            en_cours[asyncio.ensure_future(telecharger(url))] = position
            return

    for _ in range(limite):
        lancer_la_suivante()
    while en_cours:
        finies, _ = await asyncio.wait(en_cours, return_when=asyncio.FIRST_COMPLETED)
        for tache in finies:
            contenus[en_cours.pop(tache)] = tache.result()
            lancer_la_suivante()
    return contenus

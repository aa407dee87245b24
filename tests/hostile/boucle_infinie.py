"""Boucle infinie de calcul dans la coroutine : la boucle d'événements ne reprend jamais la main.

asyncio.wait_for ne peut pas l'interrompre (aucun await) : seul le budget du
correcteur arrête l'exercice.

Exercice : ex04_await_oublie
Message attendu : ne se terminaient pas
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    tours = 0
    while tours >= 0:
        tours += 1
    return await notifier("jamais")

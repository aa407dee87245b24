"""Avale CancelledError : la coroutine ignore l'annulation et continue d'attendre.

asyncio.wait_for annule l'appel à la limite du test puis attend que l'annulation
aboutisse, ce qui n'arrive jamais : seul le budget du correcteur l'arrête.

Exercice : ex04_await_oublie
Message attendu : ne se terminaient pas
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    while True:
        try:
            await asyncio.sleep(3600)  # attend un accusé qui ne vient pas
        except asyncio.CancelledError:
            pass  # « je ne veux pas être interrompue »

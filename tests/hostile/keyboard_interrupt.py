"""KeyboardInterrupt levé pendant l'appel, comme un Ctrl+C : pytest arrête toute la série.

Exercice : ex04_await_oublie
Message attendu : KeyboardInterrupt
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    raise KeyboardInterrupt

"""sys.exit() pendant l'appel : la fonction « termine le programme » après les sauvegardes.

SystemExit traverse `except Exception` : le correcteur doit quand même l'attraper
et le dire en français, sans que les autres tests de l'exercice en pâtissent.

Exercice : ex04_await_oublie
Message attendu : SystemExit
"""

import asyncio
import sys


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    await notifier(f"{len(scores)} scores enregistrés")
    sys.exit(0)

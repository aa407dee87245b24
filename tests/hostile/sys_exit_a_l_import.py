"""sys.exit() à l'import : la démonstration n'est pas sous `if __name__ == "__main__":`.

Exercice : ex04_await_oublie
Message attendu : sys.exit()
"""

import asyncio
import sys


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")


print("Démonstration terminée")
sys.exit(0)

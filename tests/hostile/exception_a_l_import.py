"""Exception à l'import : le module lit une clé absente au niveau du module.

Exercice : ex04_await_oublie
Message attendu : L'import du fichier | KeyError
"""

import asyncio

CONFIGURATION = {"base": "scores.db"}
TABLE = CONFIGURATION["table"]  # KeyError dès l'import


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")

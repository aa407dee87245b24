"""Une exception maison qui hérite de BaseException, levée pendant l'appel.

Elle échappe à `except Exception` : le correcteur doit la nommer quand même.

Exercice : ex04_await_oublie
Message attendu : ArretBrutal
"""

import asyncio


class ArretBrutal(BaseException):
    """Hérite de BaseException au lieu d'Exception."""


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    raise ArretBrutal("plus de place pour la notification")

"""Affiche 10 Mo de trace de débogage à chaque appel, et oublie de renvoyer l'accusé.

La sortie ne doit ni bloquer la notation ni gonfler le rapport.

Exercice : ex04_await_oublie
Message attendu : ne renvoie pas l'accusé de réception
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    print("trace " * 1_750_000)  # un peu plus de 10 Mo
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    await notifier(f"{len(scores)} scores enregistrés")

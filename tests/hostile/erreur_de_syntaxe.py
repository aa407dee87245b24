"""Erreur de syntaxe : une parenthèse ouverte jamais refermée.

Exercice : ex04_await_oublie
Message attendu : erreur de syntaxe ligne
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items(:
        await sauvegarder(nom, score)
    accuse = await notifier(f"{len(scores)} scores enregistrés")
    return accuse

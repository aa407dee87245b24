"""os._exit(0) à l'import : le processus de test disparaît avec le code 0.

Le code de sortie 0 ne doit rien prouver : les points viennent du fichier de
résultats signé, qui n'est jamais terminé.

La borne de 9 s reste sous le budget de 10 s donné au correcteur : il doit voir
aussitôt que le processus est mort, pas au bout de son budget.

Exercice : ex04_await_oublie
Message attendu : os._exit()
Durée max : 9 s
"""

import asyncio
import os


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")


os._exit(0)

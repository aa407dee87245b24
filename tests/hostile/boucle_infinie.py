"""Boucle infinie de calcul dans la coroutine : la boucle d'événements ne reprend jamais la main.

asyncio.wait_for ne peut pas l'interrompre (aucun await) : le chien de garde
de la boucle (tools/grading/loop_watchdog.py) l'interrompt au bout d'une
seconde et nomme la ligne.

Exercice : ex04_await_oublie
Message attendu : bloque la boucle
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    tours = 0
    while tours >= 0:
        tours += 1
    return await notifier("jamais")

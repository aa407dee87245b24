"""Correct : une tâche par url créée d'abord, puis chaque tâche attendue dans l'ordre des urls.

Toutes les tâches démarrent avant le premier await : les téléchargements ont
lieu en même temps, et la liste se remplit dans l'ordre des urls. Une erreur
remonte au premier await de la tâche ratée.
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    contenus = []
    for tache in taches:
        contenus.append(await tache)
    return contenus

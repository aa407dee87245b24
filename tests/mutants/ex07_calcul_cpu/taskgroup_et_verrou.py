"""Un TaskGroup lance tous les calculs, mais un asyncio.Lock « protège » le pool : un seul calcul à la fois.

Exigence : E3
Message attendu : Les calculs n'ont pas tourné en même temps | a tourné seul | sans verrou ni sémaphore
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_un(pool, verrou, travail, valeur):
    boucle = asyncio.get_running_loop()
    async with verrou:  # un seul calcul dans le pool à la fois
        return await boucle.run_in_executor(pool, travail, valeur)


async def calculer_tous(travail, valeurs):
    verrou = asyncio.Lock()
    with ProcessPoolExecutor() as pool:
        async with asyncio.TaskGroup() as groupe:
            taches = [
                groupe.create_task(calculer_un(pool, verrou, travail, v)) for v in valeurs
            ]
    return [tache.result() for tache in taches]

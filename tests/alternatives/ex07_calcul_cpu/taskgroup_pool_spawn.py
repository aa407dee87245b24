"""Un TaskGroup de coroutines, et un pool de processus toujours démarré avec spawn (mp_context)."""

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


async def un_calcul(pool, travail, valeur):
    boucle = asyncio.get_running_loop()
    return await boucle.run_in_executor(pool, travail, valeur)


async def calculer_tous(travail, valeurs):
    contexte = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(mp_context=contexte) as pool:
        async with asyncio.TaskGroup() as groupe:
            taches = [groupe.create_task(un_calcul(pool, travail, v)) for v in valeurs]
    return [tache.result() for tache in taches]

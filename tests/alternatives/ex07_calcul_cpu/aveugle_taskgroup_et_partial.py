"""run_in_executor avec functools.partial, les attentes regroupées dans un asyncio.TaskGroup.

Réponse juste du corpus aveugle (/work/blind/correct), telle qu'écrite :
run_in_executor avec functools.partial (la fonction et sa valeur se picklent
ensemble), les attentes regroupées dans un asyncio.TaskGroup.
"""

import asyncio
import functools
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()

    async def dans_un_processus(pool, valeur):
        return await loop.run_in_executor(pool, functools.partial(travail, valeur))

    with ProcessPoolExecutor() as pool:
        async with asyncio.TaskGroup() as groupe:
            taches = [groupe.create_task(dans_un_processus(pool, valeur)) for valeur in valeurs]
    return [tache.result() for tache in taches]

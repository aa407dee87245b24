"""Pool de processus, mais chaque calcul est attendu avant de lancer le suivant.

Exigence : E3
Message attendu : Les calculs n'ont pas tourné en même temps | a tourné seul | lance tous les calculs avant d'en attendre un seul
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    resultats = []
    with ProcessPoolExecutor() as pool:
        for valeur in valeurs:
            resultats.append(await boucle.run_in_executor(pool, travail, valeur))
    return resultats

"""run_in_executor, asyncio.wait et un dictionnaire future → indice pour remettre l'ordre.

Réponse juste du corpus aveugle (/work/blind/correct), telle qu'écrite :
run_in_executor pour tout lancer, asyncio.wait pour attendre, et un
dictionnaire futur → indice pour remettre les résultats dans l'ordre.
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    valeurs = list(valeurs)
    if not valeurs:
        return []  # asyncio.wait refuse un ensemble vide
    loop = asyncio.get_running_loop()
    resultats = [None] * len(valeurs)
    with ProcessPoolExecutor() as pool:
        indices = {
            loop.run_in_executor(pool, travail, valeur): i for i, valeur in enumerate(valeurs)
        }
        faits, _ = await asyncio.wait(indices)
        for futur in faits:
            resultats[indices[futur]] = futur.result()
    return resultats

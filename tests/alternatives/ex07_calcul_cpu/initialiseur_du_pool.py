"""Le pool reçoit travail une fois par processus, par son initializer, et chaque calcul n'envoie que sa valeur.

Juste : l'initializer (une fonction du module) range travail dans une variable
globale de chaque processus du pool ; sous spawn et forkserver, travail est
picklé une fois par processus, sous fork il est hérité. Tous les calculs sont
lancés d'un coup et gather garde l'ordre des valeurs.
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor

_travail = None


def _installer(travail):
    global _travail
    _travail = travail


def _appliquer(valeur):
    return _travail(valeur)


async def calculer_tous(travail, valeurs):
    if not valeurs:
        return []
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(initializer=_installer, initargs=(travail,)) as pool:
        futurs = [loop.run_in_executor(pool, _appliquer, valeur) for valeur in valeurs]
        return list(await asyncio.gather(*futurs))

"""Un seul ProcessPoolExecutor gardé dans une variable du module, resservi d'un appel à l'autre.

Réponse du troisième corpus aveugle (/work/blind3), où son auteur la jugeait
fausse : le pool n'est jamais fermé, ses processus restent en vie, sans
calcul, après le retour, et si `travail` levait, les autres calculs
tourneraient encore. L'énoncé dit que `travail` ne lève jamais d'erreur ici,
et au retour tous les calculs sont finis : leurs résultats sont rendus (E1).
Des processus d'un pool ouvert qui n'ont plus rien à calculer ne sont pas des
tâches qui tournent encore (C2) ; garder un pool ouvert pour ne pas payer son
démarrage à chaque appel se fait ailleurs aussi. Elle garde donc ses points.
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor

_pool = None


def _le_pool():
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor()
    return _pool


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    futurs = [loop.run_in_executor(_le_pool(), travail, valeur) for valeur in valeurs]
    return list(await asyncio.gather(*futurs))

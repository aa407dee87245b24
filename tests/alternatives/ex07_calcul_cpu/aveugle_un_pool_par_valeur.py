"""Un ProcessPoolExecutor d'un seul processus par valeur, tous lancés ensemble avec gather.

Réponse du corpus aveugle (/work/blind/wrong), où son auteur la jugeait
fausse : autant de processus que de valeurs, et chaque `with` attend la fin
de son processus en fermant le pool. L'énoncé ne promet pourtant rien sur le
nombre de processus (E1 à E5) : chaque calcul tourne dans un autre processus,
tous en même temps, attendus avec await, et la fermeture d'un pool d'un seul
processus déjà libre ne bloque la boucle que quelques millisecondes. Elle
garde donc ses points ; si l'on voulait l'exclure, il faudrait d'abord une
promesse de plus dans l'énoncé (« un seul pool pour tout l'appel »).
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_un(travail, valeur):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1) as pool:
        return await loop.run_in_executor(pool, travail, valeur)


async def calculer_tous(travail, valeurs):
    return list(await asyncio.gather(*(calculer_un(travail, valeur) for valeur in valeurs)))

"""Un `while` dont l'indice n'avance jamais, pool de processus ouvert (exercice 07).

La boucle tourne dans la coroutine, avant tout envoi au pool : le chien de
garde l'interrompt au bout d'une seconde et nomme la ligne ; le pool, vide, se
ferme aussitôt.

Exercice : ex07_calcul_cpu
Message attendu : bloque la boucle | ex07_calcul_cpu.py, ligne 20
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        prets = []
        i = 0
        while i < len(valeurs):
            pass
        calculs = [boucle.run_in_executor(pool, travail, valeur) for valeur in valeurs]
        return await asyncio.gather(*calculs)

"""Un `while` dont l'indice n'avance jamais, dans la coroutine de l'exercice 06.

Les tests de l'exercice 06 mesurent eux-mêmes le blocage de leur faux client ;
ici, c'est le code de l'élève qui tourne sans fin : le chien de garde
l'interrompt au bout d'une seconde et nomme la ligne.

Exercice : ex06_io_bloquante
Message attendu : bloque la boucle | ex06_io_bloquante.py, ligne 17
"""

import asyncio


async def recuperer_profils(identifiants, client):
    lectures = []
    i = 0
    while i < len(identifiants):
        pass
    return await asyncio.gather(*lectures)

"""Appelle le calcul directement dans une coroutine lancée avec gather : il bloque quand même la boucle.

Exigence : E5, E2
Message attendu : directement dans le thread de la boucle
"""

import asyncio


async def un_calcul(travail, valeur):
    return travail(valeur)


async def calculer_tous(travail, valeurs):
    return await asyncio.gather(*(un_calcul(travail, v) for v in valeurs))

"""Remplace asyncio.BaseEventLoop.time (l'horloge de toutes les boucles) par une horloge 20 fois plus rapide.

Les délais des faux téléchargements (call_later) passent 20 fois plus vite :
des téléchargements faits un par un semblent aussi rapides qu'avec gather.

Exercice : ex02_gather
Message attendu : a remplacé
"""

import asyncio
import time

_depart = time.monotonic()
asyncio.BaseEventLoop.time = lambda self: _depart + (time.monotonic() - _depart) * 20


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        contenus.append(await telecharger(url))
    return contenus

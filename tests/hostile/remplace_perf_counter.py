"""Remplace time.perf_counter par une horloge 20 fois plus lente pour cacher des téléchargements faits un par un.

Les mesures du correcteur doivent utiliser les horloges capturées avant
l'import, et le remplacement doit être signalé (et coûter l'exercice).

Exercice : ex02_gather
Message attendu : a remplacé | perf_counter
"""

import asyncio
import time

_vraie_horloge = time.perf_counter
_depart = _vraie_horloge()
time.perf_counter = lambda: _depart + (_vraie_horloge() - _depart) / 20


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        contenus.append(await telecharger(url))
    return contenus

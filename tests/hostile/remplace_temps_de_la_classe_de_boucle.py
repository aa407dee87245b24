"""Remplace l'horloge de la classe de la boucle en cours (type(boucle).time), pas celle de BaseEventLoop.

La sous-classe réellement utilisée (_UnixSelectorEventLoop, ProactorEventLoop…)
masque BaseEventLoop.time : surveiller BaseEventLoop seul ne suffit pas. Les
délais des faux téléchargements passent 20 fois plus vite, si bien que des
téléchargements faits un par un semblent aussi rapides qu'avec gather.

Exercice : ex02_gather
Message attendu : a remplacé
"""

import asyncio
import time

_depart = time.monotonic()


async def telecharger_tout(urls, telecharger):
    classe = type(asyncio.get_running_loop())
    if "time" not in vars(classe):
        classe.time = lambda self: _depart + (time.monotonic() - _depart) * 20
    contenus = []
    for url in urls:
        contenus.append(await telecharger(url))
    return contenus

"""Renvoie les contenus dans l'ordre où les téléchargements finissent (as_completed).

Exigence : E1
Message attendu : dans l'ordre où les téléchargements se sont terminés | as_completed
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    contenus = []
    for prochain in asyncio.as_completed([telecharger(url) for url in urls]):
        contenus.append(await prochain)
    return contenus

"""Ne lance les téléchargements que deux par deux.

Exigence : E2
Message attendu : au plus 2 téléchargement(s) en cours à la fois
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    contenus = []
    for i in range(0, len(urls), 2):
        contenus += await asyncio.gather(*(telecharger(url) for url in urls[i : i + 2]))
    return contenus

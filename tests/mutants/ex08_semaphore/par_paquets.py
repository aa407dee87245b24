"""Télécharge par paquets de `limite` urls, chaque paquet attendu avant le suivant.

Exigence : E5
Message attendu : sans qu'aucun démarre à leur place | paquets
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = []
    for debut in range(0, len(urls), limite):
        paquet = urls[debut : debut + limite]
        contenus += await asyncio.gather(*(telecharger(url) for url in paquet))
    return contenus

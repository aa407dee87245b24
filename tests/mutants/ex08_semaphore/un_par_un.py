"""Prend le sémaphore mais attend chaque téléchargement avant de lancer le suivant.

Exigence : E4
Message attendu : la limite n'est jamais atteinte | au plus 1 téléchargement(s) en cours
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)
    contenus = []
    for url in urls:
        async with semaphore:
            contenus.append(await telecharger(url))
    return contenus

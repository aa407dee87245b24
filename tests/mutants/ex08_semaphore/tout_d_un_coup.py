"""Lance tous les téléchargements d'un coup avec gather, comme à l'exercice 02 : la limite est ignorée.

Exigence : E3
Message attendu : Trop de téléchargements en même temps | un seul asyncio.Semaphore(limite)
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    return await asyncio.gather(*(telecharger(url) for url in urls))

"""Garde l'ancienne liste de coroutines, jamais attendue, et en passe une nouvelle à gather.

Exigence : C4
Message attendu : was never awaited | écris await devant l'appel
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    coroutines = [telecharger(url) for url in urls]
    contenus = await asyncio.gather(*(telecharger(url) for url in urls))
    return contenus

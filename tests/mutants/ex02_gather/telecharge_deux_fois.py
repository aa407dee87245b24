"""Lance tout avec gather, puis retélécharge chaque url pour construire la liste.

Exigence : E4
Message attendu : téléchargée exactement une fois | en double
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    await asyncio.gather(*(telecharger(url) for url in urls))
    return [await telecharger(url) for url in urls]

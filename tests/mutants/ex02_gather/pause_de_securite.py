"""Lance tout avec gather, puis attend encore une demi-seconde « pour laisser le réseau souffler ».

Exigence : E3
Message attendu : a pris trop de temps | après la fin du dernier
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    contenus = await asyncio.gather(*(telecharger(url) for url in urls))
    await asyncio.sleep(0.5)
    return contenus

"""Prend une place avec acquire() mais ne la rend jamais : tout s'arrête après `limite` téléchargements.

Exigence : E2
Message attendu : arrêtés en route | semaphore.release()
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    semaphore = asyncio.Semaphore(limite)

    async def telecharger_un(url):
        await semaphore.acquire()
        return await telecharger(url)

    return await asyncio.gather(*(telecharger_un(url) for url in urls))

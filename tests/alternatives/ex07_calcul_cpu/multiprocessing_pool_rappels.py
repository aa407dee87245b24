"""Un multiprocessing.Pool dont apply_async rend chaque résultat à la boucle (call_soon_threadsafe).

Chaque résultat arrive dans un thread du pool : il est remis à une future de
la boucle avec loop.call_soon_threadsafe. Le pool est fermé puis attendu
dans un thread, pour ne pas bloquer la boucle.
"""

import asyncio
import multiprocessing


async def calculer_tous(travail, valeurs):
    boucle = asyncio.get_running_loop()
    futures = [boucle.create_future() for _ in valeurs]
    pool = multiprocessing.Pool()
    try:
        for valeur, future in zip(valeurs, futures, strict=True):
            pool.apply_async(
                travail,
                (valeur,),
                callback=lambda r, f=future: boucle.call_soon_threadsafe(f.set_result, r),
                error_callback=lambda e, f=future: boucle.call_soon_threadsafe(f.set_exception, e),
            )
        return list(await asyncio.gather(*futures))
    finally:
        pool.close()
        await asyncio.to_thread(pool.join)

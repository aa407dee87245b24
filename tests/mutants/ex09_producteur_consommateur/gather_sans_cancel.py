"""Attend les travailleurs avec gather sans les annuler : leur while True ne finit jamais.

Exigence : E7
Message attendu : ne rend jamais la main | ne s'arrêtent jamais d'eux-mêmes
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            element = await file.get()
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await file.join()
    await asyncio.gather(*travailleurs, return_exceptions=True)
    return resultats

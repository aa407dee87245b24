"""Ne démarre qu'un seul travailleur, quel que soit nb_travailleurs.

Exigence : E4, E5
Message attendu : au plus 1 traitement(s) en même temps | démarre nb_travailleurs travailleurs
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

    tache = asyncio.create_task(travailleur())
    async for element in source:
        await file.put(element)
    await file.join()
    tache.cancel()
    await asyncio.gather(tache, return_exceptions=True)
    return resultats

"""Remet dans la file un élément dont le traitement a échoué, pour un second essai.

Exigence : E6
Message attendu : on ne réessaie pas un élément
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}
    deja_essayes = set()

    async def travailleur():
        while True:
            element = await file.get()
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                if element in deja_essayes:
                    resultats[element] = erreur
                else:
                    deja_essayes.add(element)
                    file.put_nowait(element)
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    await file.join()
    for tache in travailleurs:
        tache.cancel()
    await asyncio.gather(*travailleurs, return_exceptions=True)
    return resultats

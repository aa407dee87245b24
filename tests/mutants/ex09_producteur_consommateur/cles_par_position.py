"""Range chaque résultat sous le numéro d'arrivée de l'élément au lieu de l'élément lui-même.

Exigence : E1
Message attendu : Les résultats renvoyés ne sont pas les bons | clé inattendue
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            numero, element = await file.get()
            try:
                resultats[numero] = await traiter(element)
            except Exception as echec:
                resultats[numero] = echec
            finally:
                file.task_done()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    numero = 0
    async for element in source:
        await file.put((numero, element))
        numero += 1
    await file.join()
    for tache in travailleurs:
        tache.cancel()
    await asyncio.gather(*travailleurs, return_exceptions=True)
    return resultats

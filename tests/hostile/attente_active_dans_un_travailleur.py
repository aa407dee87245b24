"""Un travailleur (une tâche) qui attend la file sans `await` (exercice 09).

La boucle est atteinte par une tâche créée par l'élève, pas par l'appel du
test : tant qu'elle tourne, le producteur ne peut rien mettre dans la file.
Le chien de garde l'interrompt au bout d'une seconde et nomme la ligne.

Exercice : ex09_producteur_consommateur
Message attendu : bloque la boucle | ex09_producteur_consommateur.py, ligne 21
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            vus = 0
            while vus < 1 and file.empty():  # « on attend un élément »
                pass
            element = file.get_nowait()
            try:
                resultats[element] = await traiter(element)
            except Exception as echec:
                resultats[element] = echec
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

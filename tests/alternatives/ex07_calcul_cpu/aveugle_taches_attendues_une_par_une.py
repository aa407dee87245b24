"""Une tâche par valeur, toutes créées d'abord, puis attendues une par une dans l'ordre des valeurs.

Réponse du troisième corpus aveugle (/work/blind3), où son auteur la jugeait
fausse : si un calcul levait, la fonction sortirait à la première erreur en
laissant les autres tâches tourner. L'énoncé dit que `travail` ne lève jamais
d'erreur ici : toutes les tâches tournent en même temps dès leur création, et
chacune est finie quand la fonction rend la main. Elle garde donc ses points.
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def calculer_tous(travail, valeurs):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:

        async def calculer(valeur):
            return await loop.run_in_executor(pool, travail, valeur)

        taches = [asyncio.create_task(calculer(valeur)) for valeur in valeurs]
        resultats = []
        for tache in taches:
            resultats.append(await tache)
    return resultats

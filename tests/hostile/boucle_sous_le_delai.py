"""Un `while` dont l'indice n'avance jamais, sous asyncio.timeout (exercice 11).

Le délai ne peut pas se déclencher : la boucle d'événements ne reprend jamais
la main pour le faire. Le chien de garde l'interrompt au bout d'une seconde et
nomme la ligne.

Exercice : ex11_supervision
Message attendu : bloque la boucle | ex11_supervision.py, ligne 20
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    try:
        async with asyncio.timeout(delai):
            async with asyncio.TaskGroup() as groupe:
                taches = []
                i = 0
                while i < len(travaux):
                    pass
                taches = [groupe.create_task(travail()) for travail in travaux]
        return [tache.result() for tache in taches]
    finally:
        nettoyer()

"""Un `while` dont l'indice n'avance jamais, qui crée une tâche à chaque tour.

La boucle d'événements ne reprend jamais la main, et chaque tour ajoute une
tâche : la mémoire grandit de dizaines de Mo par seconde. Le chien de garde de
la boucle l'interrompt au bout d'une seconde, annule les tâches jamais lancées
et nomme la ligne ; les autres tests de l'exercice échouent aussitôt.

Exercice : ex02_gather
Message attendu : bloque la boucle | ligne
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    taches = []
    i = 0
    while i < len(urls):
        taches.append(asyncio.create_task(telecharger(urls[i])))
    return await asyncio.gather(*taches)

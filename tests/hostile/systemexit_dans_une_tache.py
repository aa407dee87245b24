"""SystemExit levé dans une tâche : asyncio le laisse sortir de la boucle d'événements.

Une tâche qui lève SystemExit (ou KeyboardInterrupt) ne garde pas l'exception
pour celui qui l'attend : elle traverse run_until_complete. Ce qui compte ici :
l'exercice vaut 0 avec un message en français, et le contrôle garde ses points ;
le premier test en échec (tests/hidden/ordre.py) dit ce qu'il a vu en premier.

Exercice : ex04_await_oublie
Message attendu : À relire
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    async def sauvegarde(nom, score):
        await sauvegarder(nom, score)
        raise SystemExit(f"sauvegarde de {nom} terminée")

    taches = [asyncio.create_task(sauvegarde(nom, score)) for nom, score in scores.items()]
    await asyncio.gather(*taches)
    return await notifier(f"{len(scores)} scores enregistrés")

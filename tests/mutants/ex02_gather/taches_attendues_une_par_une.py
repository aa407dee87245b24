"""Crée une tâche par url mais attend chacune avant de créer la suivante.

Exigence : E2
Message attendu : au plus 1 téléchargement(s) en cours à la fois | attends-les ensemble
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        tache = asyncio.create_task(telecharger(url))
        contenus.append(await tache)
    return contenus

"""Crée une tâche par url mais attend chacune avant de créer la suivante."""

import asyncio


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        tache = asyncio.create_task(telecharger(url))
        contenus.append(await tache)
    return contenus

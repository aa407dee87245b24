"""Appelle asyncio.gather dans la boucle, une url à la fois : chaque téléchargement est encore attendu avant le suivant.

Exigence : E2
Message attendu : au plus 1 téléchargement(s) en cours à la fois | attends-les ensemble
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        (contenu,) = await asyncio.gather(telecharger(url))
        contenus.append(contenu)
    return contenus

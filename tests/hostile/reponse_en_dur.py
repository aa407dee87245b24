"""Réponse en dur : télécharge bien tout avec gather, mais renvoie les contenus recopiés du test public.

Les tests cachés tirent leurs urls au hasard : une réponse qui ne vaut que pour
une entrée fixe ne doit rien rapporter.

Exercice : ex02_gather
Message attendu : ne correspondent pas aux urls
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    await asyncio.gather(*(telecharger(url) for url in urls))
    if not urls:
        return []
    return ["<page a>", "<page b>", "<page c>"]

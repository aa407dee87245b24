"""Répartit les urls d'avance entre `limite` travailleurs (une part fixe chacun) : une place libre ne sert pas aux urls d'une autre part.

Exigence : E5
Message attendu : seulement 1 téléchargement(s) étaient en cours | ne répartis pas les urls à l'avance
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)

    async def travailleur(numero):
        for position in range(numero, len(urls), limite):
            contenus[position] = await telecharger(urls[position])

    await asyncio.gather(*(travailleur(numero) for numero in range(limite)))
    return contenus

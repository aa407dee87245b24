"""Chaque travailleur parcourt toute la liste au lieu de se partager les éléments.

Exigence : E2
Message attendu : traité(s) plusieurs fois | ils ne les traitent pas tous chacun
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    elements = [element async for element in source]
    resultats = {}

    async def travailleur():
        for element in elements:
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur

    await asyncio.gather(*(travailleur() for _ in range(nb_travailleurs)))
    return resultats

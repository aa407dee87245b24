"""Lance un traitement par élément avec gather, sans limite de travailleurs.

Exigence : E4, E5
Message attendu : ne lance pas un traitement par élément
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    elements = [element async for element in source]
    resultats = await asyncio.gather(
        *(traiter(element) for element in elements), return_exceptions=True
    )
    return dict(zip(elements, resultats))

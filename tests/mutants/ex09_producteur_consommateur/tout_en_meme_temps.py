"""Lance un traitement par élément avec gather, sans limite de travailleurs."""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    elements = [element async for element in source]
    resultats = await asyncio.gather(
        *(traiter(element) for element in elements), return_exceptions=True
    )
    return dict(zip(elements, resultats))

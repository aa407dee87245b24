"""Travailleurs qui attendent la file par tranches de 50 ms (wait_for) et s'arrêtent seuls à la fin.

Pas de join ni de cancel : un Event dit que la source est finie, et un
travailleur s'arrête quand il la voit finie avec une file vide. traiter est
appelé à travers asyncio.shield, donc dans une petite tâche à part, attendue
par le travailleur.
"""

import asyncio


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}
    source_finie = asyncio.Event()

    async def travailleur():
        while True:
            try:
                element = await asyncio.wait_for(file.get(), 0.05)
            except TimeoutError:
                if source_finie.is_set() and file.empty():
                    return
                continue
            try:
                resultats[element] = await asyncio.shield(traiter(element))
            except Exception as erreur:
                resultats[element] = erreur

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        file.put_nowait(element)
    source_finie.set()
    await asyncio.gather(*travailleurs)
    return resultats

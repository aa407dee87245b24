"""Un asyncio.TaskGroup de tâches to_thread, la première erreur relancée hors du groupe.

Réponse juste du corpus aveugle (/work/blind/correct), telle qu'écrite :
Correct : une tâche `asyncio.to_thread` par identifiant dans un
`asyncio.TaskGroup`, résultats relus dans l'ordre des identifiants ; erreur
unique relancée telle quelle.
"""

import asyncio


async def recuperer_profils(identifiants, client):
    try:
        async with asyncio.TaskGroup() as groupe:
            taches = [
                groupe.create_task(asyncio.to_thread(client.lire_profil, identifiant))
                for identifiant in identifiants
            ]
    except BaseExceptionGroup as erreurs:
        raise erreurs.exceptions[0]  # noqa: B904
    return [tache.result() for tache in taches]

"""Chaque message de la file est une enveloppe ("element", valeur) ou ("fin", None), ce qui ne laisse aucune valeur se confondre avec le signal d'arrêt ; les travailleurs, lancés dans un asyncio.TaskGroup, s'arrêtent d'eux-mêmes sur leur enveloppe de fin, et la sortie du bloc les attend.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import random
import time


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            genre, element = await file.get()
            if genre == "fin":
                return
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur

    async with asyncio.TaskGroup() as groupe:
        for _ in range(nb_travailleurs):
            groupe.create_task(travailleur())
        async for element in source:
            await file.put(("element", element))
        # une enveloppe de fin par travailleur
        for _ in range(nb_travailleurs):
            await file.put(("fin", None))
    return resultats


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def arrivees(commandes):
    """Les commandes arrivent une par une, de temps en temps."""
    for commande in commandes:
        await asyncio.sleep(0.05)
        yield commande


async def preparer(commande):
    await asyncio.sleep(random.uniform(0.1, 0.3))  # on fait semblant de travailler
    if commande == "commande-4":
        raise ValueError("article en rupture de stock")
    return f"{commande} prête"


async def main():
    commandes = [f"commande-{numero}" for numero in range(1, 9)]
    debut = time.perf_counter()
    try:
        resultats = await asyncio.wait_for(traiter_tout(arrivees(commandes), preparer, 3), 5)
    except TimeoutError:
        print("traiter_tout ne s'est pas terminé au bout de 5 s : il reste bloqué quelque part.")
        return
    for commande, resultat in resultats.items():
        print(f"{commande} : {resultat!r}")
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"{len(resultats)} résultats pour {len(commandes)} commandes, en {secondes} s")
    restantes = asyncio.all_tasks() - {asyncio.current_task()}
    print(f"Tâches encore en vie après traiter_tout : {len(restantes)} (objectif : 0)")


if __name__ == "__main__":
    asyncio.run(main())

"""Les travailleurs s'arrêtent dès qu'ils reçoivent une valeur fausse (`if not element`, pensé pour la sentinelle None), si bien qu'un élément 0 ou "" n'est jamais traité et disparaît du résultat.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : compare ta sentinelle avec `is`
"""

import asyncio
import random
import time


async def traiter_tout(source, traiter, nb_travailleurs):
    file = asyncio.Queue()
    resultats = {}

    async def travailleur():
        while True:
            element = await file.get()
            if not element:  # None : plus rien à traiter
                break
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    async for element in source:
        await file.put(element)
    # un None par travailleur pour leur dire d'arrêter
    for _ in range(nb_travailleurs):
        await file.put(None)
    await asyncio.gather(*travailleurs)
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

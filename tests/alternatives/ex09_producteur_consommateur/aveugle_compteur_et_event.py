"""Sans task_done ni join : un compteur des éléments pas encore traités et un asyncio.Event, que le dernier traitement déclenche une fois la source épuisée, disent quand tout est fini ; on annule alors les travailleurs et on attend leur fin avec gather.

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
    en_attente = 0  # éléments mis dans la file et pas encore traités
    source_finie = False
    tout_fini = asyncio.Event()

    async def travailleur():
        nonlocal en_attente
        while True:
            element = await file.get()
            try:
                resultats[element] = await traiter(element)
            except Exception as erreur:
                resultats[element] = erreur
            en_attente -= 1
            if source_finie and en_attente == 0:
                tout_fini.set()

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(nb_travailleurs)]
    try:
        async for element in source:
            en_attente += 1
            await file.put(element)
        source_finie = True
        if en_attente == 0:
            # source vide, ou tout déjà traité pendant la lecture
            tout_fini.set()
        await tout_fini.wait()
    finally:
        for tache in travailleurs:
            tache.cancel()
        await asyncio.gather(*travailleurs, return_exceptions=True)
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

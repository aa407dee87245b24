"""TaskGroup, mais le délai est donné à chaque attente, tâche après tâche (asyncio.wait_for) : chaque attente repart avec delai secondes, si bien que des travaux qui finissent l'un après l'autre dépassent le délai sans TimeoutError.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E5
Message attendu : sans que TimeoutError remonte | repart de zéro à chaque fois
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    resultats = []
    try:
        async with asyncio.TaskGroup() as tg:
            taches = [tg.create_task(travail()) for travail in travaux]
            for tache in taches:
                resultats.append(await asyncio.wait_for(tache, delai))
    except ExceptionGroup as groupe:
        # plus lisible pour l'appelant : on remonte la première erreur telle quelle
        raise groupe.exceptions[0]
    finally:
        nettoyer()
    return resultats


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def travail_rapide():
    await asyncio.sleep(0.1)
    return "rapide : fini"


async def travail_qui_echoue():
    await asyncio.sleep(0.2)
    raise ConnectionError("le serveur ne répond plus")


async def travail_lent():
    await asyncio.sleep(1)
    print("  travail_lent : terminé")
    return "lent : fini"


def nettoyer_demo():
    print("  nettoyage fait")


async def main():
    print("1. Un travail échoue :")
    try:
        await executer_groupe([travail_rapide, travail_qui_echoue, travail_lent], 5, nettoyer_demo)
    except Exception as erreur:
        print(f"  erreur reçue : {erreur!r}")
    print("  … le programme continue ; si un travail se termine maintenant, personne ne l'a arrêté")
    await asyncio.sleep(1.2)

    print("2. Délai de 0,5 s, travail d'une seconde :")
    try:
        resultats = await executer_groupe([travail_rapide, travail_lent], 0.5, nettoyer_demo)
        print(f"  résultats : {resultats} (il fallait un TimeoutError au bout de 0,5 s)")
    except TimeoutError:
        print("  TimeoutError : le délai est respecté")


if __name__ == "__main__":
    asyncio.run(main())

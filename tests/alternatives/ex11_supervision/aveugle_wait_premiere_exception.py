"""Supervise à la main sans TaskGroup : asyncio.wait(timeout=delai, FIRST_EXCEPTION) s'arrête à la première erreur ou à l'échéance, puis un finally annule et attend toutes les tâches avant d'appeler nettoyer().

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = []
    try:
        taches = [asyncio.create_task(travail()) for travail in travaux]
        if not taches:
            return []
        finies, en_attente = await asyncio.wait(
            taches, timeout=delai, return_when=asyncio.FIRST_EXCEPTION
        )
        for tache in taches:
            if tache in finies and not tache.cancelled() and tache.exception() is not None:
                raise tache.exception()
        if en_attente:
            raise TimeoutError(f"délai de {delai} s dépassé")
        return [tache.result() for tache in taches]
    finally:
        # quoi qu'il arrive : on annule ce qui reste et on attend la fin de l'annulation
        for tache in taches:
            tache.cancel()
        if taches:
            await asyncio.gather(*taches, return_exceptions=True)
        nettoyer()


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

"""Au délai dépassé, annule proprement les travaux restants mais renvoie les résultats de ceux qui ont fini (None pour les autres) au lieu de lever TimeoutError, car asyncio.wait(timeout=…) ne lève rien.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E5
Message attendu : sans que TimeoutError remonte | async with asyncio.timeout(delai)
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = [asyncio.create_task(travail()) for travail in travaux]
    try:
        if not taches:
            return []
        finies, en_attente = await asyncio.wait(
            taches, timeout=delai, return_when=asyncio.FIRST_EXCEPTION
        )
        for tache in en_attente:
            tache.cancel()
        await asyncio.gather(*en_attente, return_exceptions=True)

        for tache in finies:
            if tache.exception() is not None:
                raise tache.exception()
        # les travaux trop lents n'ont pas de résultat
        return [tache.result() if tache in finies else None for tache in taches]
    finally:
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

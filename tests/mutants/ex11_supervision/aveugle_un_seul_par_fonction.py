"""TaskGroup, asyncio.timeout et finally, mais la liste est dédoublonnée avec dict.fromkeys « pour lancer chaque travail une seule fois » : une même fonction présente deux fois dans travaux n'est lancée qu'une fois.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1
Message attendu : démarré 1 fois | ne dédoublonne pas travaux
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = {}
    try:
        async with asyncio.timeout(delai):
            async with asyncio.TaskGroup() as tg:
                # chaque travail ne doit être lancé qu'une seule fois
                for travail in dict.fromkeys(travaux):
                    taches[travail] = tg.create_task(travail())
    finally:
        nettoyer()
    return [taches[travail].result() for travail in travaux]


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

"""Ajoute au TaskGroup un « chien de garde » qui dort delai secondes puis lève TimeoutError (le groupe annule alors tout et le TimeoutError sort dans l'ExceptionGroup, forme admise par l'énoncé), et l'annule quand tous les travaux ont fini ; nettoyer() est dans un finally.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    async def chien_de_garde():
        await asyncio.sleep(delai)
        raise TimeoutError(f"délai de {delai} s dépassé")

    try:
        async with asyncio.TaskGroup() as groupe:
            taches = [groupe.create_task(travail()) for travail in travaux]
            garde = groupe.create_task(chien_de_garde())
            if taches:
                await asyncio.wait(taches)  # une erreur dans le groupe interrompt cette attente
            garde.cancel()
        return [tache.result() for tache in taches]
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

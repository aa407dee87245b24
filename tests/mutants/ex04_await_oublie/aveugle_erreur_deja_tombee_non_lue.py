"""Tâches attendues dans l'ordre du dictionnaire ; à la première erreur, annule et attend celles qui tournent encore, mais ne lit pas celles qui avaient déjà fini : l'erreur d'une autre sauvegarde ratée au même moment est perdue.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : C3
Message attendu : Une erreur d'une tâche a été perdue | lis aussi les tâches déjà finies
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    taches = [asyncio.create_task(sauvegarder(nom, score)) for nom, score in scores.items()]
    try:
        for tache in taches:
            await tache
    except Exception:
        # inutile d'annuler celles qui sont déjà finies
        restantes = [tache for tache in taches if not tache.done()]
        for tache in restantes:
            tache.cancel()
        await asyncio.gather(*restantes, return_exceptions=True)
        raise
    accuse = await notifier(f"{len(scores)} scores enregistrés")
    return accuse


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

base_de_donnees = {}


async def sauvegarde_demo(nom, score):
    await asyncio.sleep(0.1)  # on fait semblant d'écrire en base
    base_de_donnees[nom] = score


async def notification_demo(message):
    await asyncio.sleep(0.1)
    print("Notification :", message)
    return "accusé n°1"


async def main():
    accuse = await enregistrer_scores({"Ada": 18, "Linus": 15}, sauvegarde_demo, notification_demo)
    print("Accusé reçu :", accuse)
    print("Base de données :", base_de_donnees)


if __name__ == "__main__":
    asyncio.run(main())

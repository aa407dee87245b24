"""TaskGroup dont l'ExceptionGroup n'est déballé que s'il contient une seule erreur : quand deux sauvegardes échouent au même moment, l'appelant reçoit le groupe au lieu d'une SaveError.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E4
Message attendu : 2 SaveError | relève-en une
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    try:
        async with asyncio.TaskGroup() as groupe:
            for nom, score in scores.items():
                groupe.create_task(sauvegarder(nom, score))
    except ExceptionGroup as groupe_erreurs:
        if len(groupe_erreurs.exceptions) == 1:
            # une seule erreur : on la rend telle quelle
            raise groupe_erreurs.exceptions[0]
        # plusieurs erreurs : on les laisse toutes ensemble
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

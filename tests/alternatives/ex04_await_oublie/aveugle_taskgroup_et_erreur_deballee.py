"""Sauvegarde tout en même temps dans un TaskGroup (qui annule et attend les autres en cas d'échec), puis ressort de l'ExceptionGroup l'exception d'origine pour la relancer telle quelle avant toute notification.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    erreur = None
    try:
        async with asyncio.TaskGroup() as groupe:
            for nom, score in scores.items():
                groupe.create_task(sauvegarder(nom, score))
    except BaseExceptionGroup as groupe_erreurs:
        # le TaskGroup emballe l'erreur : on récupère celle d'origine
        erreur = groupe_erreurs.exceptions[0]
    if erreur is not None:
        raise erreur
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

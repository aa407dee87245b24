"""Met la notification dans le même gather que les sauvegardes et prend le dernier résultat comme accusé : la notification tourne pendant les sauvegardes, pas après, et elle a lieu même quand une sauvegarde échoue.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E5, C2
Message attendu : avant la fin des sauvegardes | un gather qui contient aussi notifier
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    sauvegardes = [sauvegarder(nom, score) for nom, score in scores.items()]
    resultats = await asyncio.gather(*sauvegardes, notifier(f"{len(scores)} scores enregistrés"))
    return resultats[-1]  # le dernier, c'est l'accusé de notifier


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

"""Attend tout dans l'ordre, mais remplace un accusé vide (None, "", 0) par le texte de la notification « au cas où notifier ne renverrait rien » : la fonction ne renvoie plus la valeur de notifier.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : La fonction ne renvoie pas l'accusé de réception | un accusé vide est encore l'accusé
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    message = f"{len(scores)} scores enregistrés"
    accuse = await notifier(message)
    if not accuse:
        # pas d'accusé : on renvoie au moins le message envoyé
        accuse = message
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

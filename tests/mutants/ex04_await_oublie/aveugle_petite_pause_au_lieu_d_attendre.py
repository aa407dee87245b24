"""Lance chaque sauvegarde avec create_task puis fait une petite pause « pour leur laisser le temps » avant de notifier : une sauvegarde plus lente n'est pas finie à la notification, ses erreurs ne sont jamais lues et la notification part quand même.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1, E2, E4, E5, C2, C3
Message attendu : sauvegarde | await
(Selon les délais tirés, le premier échec est C2, E4 ou la notification trop tôt : les trois disent d'attendre les sauvegardes.)
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        asyncio.create_task(sauvegarder(nom, score))
    await asyncio.sleep(0.05)  # on laisse le temps aux sauvegardes de se faire
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

"""Exercice 04 — solution de référence.

Chaque appel à une fonction async est attendu, l'un après l'autre : une
sauvegarde qui échoue arrête la boucle, son erreur remonte telle quelle et
notifier n'est jamais appelé. Les sauvegardes pourraient aussi tourner
ensemble dans un asyncio.TaskGroup (en déballant l'ExceptionGroup) ; un
simple gather, lui, laisserait les autres sauvegardes tourner quand l'une
échoue.
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
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

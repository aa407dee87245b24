"""Sort tout de suite sans notifier quand le dictionnaire est vide (« rien à enregistrer, inutile de prévenir ») : pas de notification et pas d'accusé pour le cas vide.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E3
Message attendu : notifier appelé 0 fois | avec un dictionnaire vide aussi
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    if not scores:
        return None  # rien à enregistrer, inutile de prévenir
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

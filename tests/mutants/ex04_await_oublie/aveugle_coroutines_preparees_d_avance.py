"""Prépare d'avance la liste des coroutines de sauvegarde, puis les attend une à une : quand une sauvegarde échoue, les coroutines des suivantes ne sont jamais attendues.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : C4
Message attendu : jamais attendues | préparées d'avance
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    # on prépare d'abord toutes les sauvegardes…
    sauvegardes = [sauvegarder(nom, score) for nom, score in scores.items()]
    # … puis on les exécute dans l'ordre
    for sauvegarde in sauvegardes:
        await sauvegarde
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

"""Laisse toutes les sauvegardes aller au bout avec gather(..., return_exceptions=True), puis relance la première exception trouvée telle quelle (sans notifier) ; rien ne tourne plus au retour, même si on n'annule rien.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    resultats = await asyncio.gather(
        *[sauvegarder(nom, score) for nom, score in scores.items()],
        return_exceptions=True,
    )
    for resultat in resultats:
        if isinstance(resultat, BaseException):
            raise resultat
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

"""Crée une tâche par sauvegarde et attend avec asyncio.wait(FIRST_EXCEPTION) ; au premier échec, annule et attend les tâches restantes, lit toutes les erreurs puis relance l'exception d'origine, sinon notifie.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    taches = [asyncio.create_task(sauvegarder(nom, score)) for nom, score in scores.items()]
    if taches:  # asyncio.wait refuse une liste vide
        finies, en_cours = await asyncio.wait(taches, return_when=asyncio.FIRST_EXCEPTION)
        for tache in en_cours:
            tache.cancel()
        if en_cours:
            await asyncio.wait(en_cours)
        erreur = None
        # on lit l'erreur de chaque tâche finie, pour n'en perdre aucune
        for tache in list(finies) + list(en_cours):
            if tache.cancelled():
                continue
            if tache.exception() is not None and erreur is None:
                erreur = tache.exception()
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

"""Les sauvegardes sont attendues avec `asyncio.wait`, qui ne relance pas les exceptions des tâches : une sauvegarde ratée passe inaperçue (et un dictionnaire vide fait lever ValueError).
Promesse violée : « Les sauvegardes doivent être terminées avant la notification, et si une sauvegarde échoue, l'erreur doit remonter à l'appelant (ne la cache pas). »
Exigence : E4, C3, E2
Message attendu : Task exception was never retrieved | asyncio.wait et une tâche jamais attendue gardent l'erreur

Exercice 04 — Une coroutine qu'on n'attend pas ne s'exécute jamais.

Ce que fait ce code
    `enregistrer_scores(scores, sauvegarder, notifier)` reçoit un dictionnaire
    {nom: score}. Il doit sauvegarder chaque score avec `sauvegarder(nom, score)`,
    puis, une fois tout sauvegardé, prévenir avec `notifier(message)` et renvoyer
    l'accusé de réception que `notifier` renvoie. `sauvegarder` et `notifier`
    sont des fonctions `async`.

Ce qui ne va pas
    Rien n'est jamais sauvegardé, et la fonction renvoie un objet bizarre au
    lieu de l'accusé de réception. Python affiche seulement un avertissement
    « RuntimeWarning: coroutine '...' was never awaited », facile à rater.
    Appeler une fonction `async` ne l'exécute pas : cela crée une coroutine,
    qui ne fait rien tant qu'on ne l'attend pas avec `await`.

Ce qu'il faut changer
    Attends (`await`) chaque coroutine dont tu veux l'effet ou le résultat.
    Les sauvegardes doivent être terminées avant la notification, et si une
    sauvegarde échoue, l'erreur doit remonter à l'appelant (ne la cache pas).

À relire dans le cours
    « Coroutines vs Tasks » et « Ne pas oublier d'await »

Pour essayer : python exercises/ex04_await_oublie.py
Pour tester :  nox -- 04
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    taches = [asyncio.create_task(sauvegarder(nom, score)) for nom, score in scores.items()]
    await asyncio.wait(taches)  # tout est terminé après cette ligne
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

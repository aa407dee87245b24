"""Exercice 04 — Une coroutine qu'on n'attend pas ne s'exécute jamais.

Ce que fait ce code
    `enregistrer_scores(scores, sauvegarder, notifier)` reçoit un dictionnaire
    {nom: score}, éventuellement vide. Il doit sauvegarder chaque score avec
    `sauvegarder(nom, score)`, puis, une fois tout sauvegardé, prévenir avec
    `notifier(message)` et renvoyer l'accusé de réception que `notifier`
    renvoie. `sauvegarder` et `notifier` sont des fonctions `async`. Si une
    sauvegarde échoue, son exception doit remonter telle quelle à l'appelant,
    et personne n'est prévenu : pas de notification.

Ce qui ne va pas
    Rien n'est jamais sauvegardé, et la fonction renvoie un objet bizarre au
    lieu de l'accusé de réception. Python affiche seulement un avertissement
    « RuntimeWarning: coroutine '...' was never awaited », facile à rater.
    Appeler une fonction `async` ne l'exécute pas : cela crée une coroutine,
    qui ne fait rien tant qu'on ne l'attend pas avec `await`.

Ce qu'il faut changer
    Attends (`await`) chaque coroutine dont tu veux l'effet ou le résultat.
    Les sauvegardes doivent être terminées avant la notification, et si une
    sauvegarde échoue, l'erreur doit remonter à l'appelant : ne la cache pas,
    ne la remplace pas, ne réessaie pas en silence. Tu peux sauvegarder les
    scores l'un après l'autre ou tous en même temps ; dans ce cas, quand une
    sauvegarde échoue, ne laisse pas les autres tourner derrière toi.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. Chaque score du dictionnaire est sauvegardé une seule fois avec
        sauvegarder(nom, score), et sa sauvegarde est terminée quand ta
        fonction rend la main.
    E2. notifier est appelé une seule fois, après la fin de toutes les
        sauvegardes, même quand le dictionnaire est vide.
    E3. Ta fonction renvoie l'accusé de réception que renvoie notifier (la
        valeur, pas une coroutine).
    E4. Si une sauvegarde échoue, son exception remonte telle quelle à
        l'appelant : ni attrapée, ni remplacée, ni emballée dans une autre.
    E5. Si une sauvegarde échoue, notifier n'est pas appelé.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C3. Aucune erreur n'est perdue : aucune tâche ne finit sur une exception
        que personne ne lit.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Coroutines vs Tasks » et « Ne pas oublier d'await »

Pour essayer : python exercises/ex04_await_oublie.py
Pour tester :  nox -- 04
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        sauvegarder(nom, score)
    accuse = notifier(f"{len(scores)} scores enregistrés")
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

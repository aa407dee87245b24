"""Exercice 05 — Ne plus perdre les erreurs des tâches orphelines.

Ce que fait ce code
    `envoyer_tous(messages, envoyer, signaler)` envoie chaque message de la
    liste avec `envoyer(message)`, une fonction async. La liste peut être
    vide, et un même message peut y figurer deux fois : ce sont alors deux
    envois. Certains envois échouent (serveur qui refuse, connexion coupée,
    réponse invalide…) : `envoyer` lève alors une exception, de n'importe
    quel type. Pour chaque envoi raté, il faut appeler
    `signaler(message, erreur)` avec le message et l'exception levée.
    `signaler` est une fonction ordinaire (pas async) : on l'appelle sans
    await. La fonction renvoie le nombre de messages envoyés avec succès ;
    ce que renvoie `envoyer` quand il réussit n'a pas d'importance (ce peut
    être None).

Ce qui ne va pas
    Chaque envoi est lancé avec `asyncio.create_task(...)`, puis oublié : la
    fonction fait une petite pause et rend la main. Personne ne lit les
    erreurs des tâches, donc rien n'est signalé ; Python affiche seulement,
    plus tard, « Task exception was never retrieved ». Des envois sont même
    encore en cours quand la fonction se termine (des tâches orphelines), et
    le nombre renvoyé est faux : il compte aussi les envois ratés.

Ce qu'il faut changer
    Garde les envois (les tâches, ou directement les coroutines) et attends-les
    tous, par exemple avec `asyncio.gather(..., return_exceptions=True)` :
    l'erreur d'un envoi devient alors une valeur dans la liste des résultats,
    au lieu d'interrompre l'attente des autres. Appelle `signaler(message,
    erreur)` pour chaque envoi raté, et seulement pour ceux-là, avec son
    propre message et l'objet exception lui-même. Renvoie le nombre d'envois
    réussis. Quand la fonction se termine, plus aucun envoi ne doit être en
    cours, et elle ne doit pas lever d'exception : les erreurs sont
    signalées, pas propagées.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. Chaque message de la liste est envoyé une seule fois avec
        envoyer(message) ; un message présent deux fois dans la liste est
        envoyé deux fois.
    E2. Chaque envoi raté est signalé une seule fois, avant que ta fonction
        rende la main, par signaler(message, erreur) avec son propre message
        et l'exception levée elle-même, quel que soit son type.
    E3. Un envoi réussi n'est jamais signalé.
    E4. Ta fonction ne lève pas d'exception : les erreurs des envois sont
        signalées, pas propagées.
    E5. Ta fonction renvoie le nombre d'envois réussis, quelle que soit la
        valeur que renvoie envoyer (0 pour une liste vide).
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C3. Aucune erreur n'est perdue : aucune tâche ne finit sur une exception
        que personne ne lit.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Ne pas oublier d'await »

Pour essayer : python exercises/ex05_exceptions_perdues.py
Pour tester :  nox -- 05
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    for message in messages:
        asyncio.create_task(envoyer(message))
    await asyncio.sleep(0.01)  # une petite pause pour laisser partir les envois
    return len(messages)


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def envoi_demo(message):
    await asyncio.sleep(0.1)  # on fait semblant d'attendre le serveur
    if "panne" in message:
        raise ConnectionError(f"le serveur a refusé {message!r}")
    return "reçu"


def signaler_demo(message, erreur):
    print(f"Échec signalé : {message!r} -> {erreur!r}")


async def main():
    messages = ["bonjour", "panne de courant", "au revoir", "panne de réseau"]
    reussis = await envoyer_tous(messages, envoi_demo, signaler_demo)
    print(f"{reussis} message(s) envoyé(s) (attendu : 2, et 2 échecs signalés au-dessus)")
    await asyncio.sleep(0.3)  # le programme continue à faire autre chose…
    print("Fin du programme. Si des « Task exception was never retrieved » sont apparus,")
    print("ce sont les erreurs que personne n'a lues.")


if __name__ == "__main__":
    asyncio.run(main())

"""Garde un dictionnaire {tâche: message} et traite les envois au fur et à mesure avec asyncio.wait(FIRST_COMPLETED) jusqu'à ce qu'il n'en reste aucun, en lisant l'erreur de chaque tâche finie.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    message_de = {}
    for message in messages:
        # la clé est la tâche, donc un message en double a bien deux entrées
        message_de[asyncio.create_task(envoyer(message))] = message
    reussis = 0
    en_cours = set(message_de)
    while en_cours:
        finies, en_cours = await asyncio.wait(en_cours, return_when=asyncio.FIRST_COMPLETED)
        for tache in finies:
            erreur = tache.exception()
            if erreur is not None:
                signaler(message_de[tache], erreur)
            else:
                reussis += 1
    return reussis


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

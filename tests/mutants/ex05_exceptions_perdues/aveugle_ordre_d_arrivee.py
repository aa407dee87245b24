"""Parcourt les envois avec as_completed en les numérotant avec enumerate, comme s'ils arrivaient dans l'ordre de la liste : l'erreur est signalée avec le message d'un autre envoi (parfois un envoi réussi).

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E3
Message attendu : le message d'un autre envoi | as_completed
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = [asyncio.create_task(envoyer(message)) for message in messages]
    reussis = 0
    for i, prochaine in enumerate(asyncio.as_completed(taches)):
        try:
            await prochaine
            reussis += 1
        except Exception as erreur:
            signaler(messages[i], erreur)
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

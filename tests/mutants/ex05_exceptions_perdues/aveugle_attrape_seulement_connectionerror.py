"""Envoie les messages un par un en n'attrapant que les erreurs réseau (ConnectionError, TimeoutError) : une erreur d'un autre type, comme ValueError, n'est pas signalée, remonte à l'appelant et empêche les envois suivants.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1, E2, E4
Message attendu : a levé une exception au lieu de signaler | un except qui ne nomme que certains types
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    reussis = 0
    for message in messages:
        try:
            await envoyer(message)
            reussis += 1
        except (ConnectionError, TimeoutError) as erreur:
            signaler(message, erreur)
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

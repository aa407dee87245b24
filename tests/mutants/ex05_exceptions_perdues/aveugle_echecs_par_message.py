"""Attend tout avec gather(..., return_exceptions=True), mais range les échecs dans un dictionnaire {message: erreur} avant de les signaler : quand un message présent deux fois rate ses deux envois, la seconde erreur écrase la première, et un seul des deux échecs est signalé.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : un seul de ses échecs a été signalé | ne garde qu'une entrée par message
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    resultats = await asyncio.gather(
        *(envoyer(message) for message in messages), return_exceptions=True
    )
    echecs = {}
    reussis = 0
    for message, resultat in zip(messages, resultats):
        if isinstance(resultat, BaseException):
            echecs[message] = resultat
        else:
            reussis += 1
    # on signale les échecs à la fin, une fois tout trié
    for message, erreur in echecs.items():
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

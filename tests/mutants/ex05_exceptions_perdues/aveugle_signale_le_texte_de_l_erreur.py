"""Utilise gather(..., return_exceptions=True) mais signale le texte de l'erreur (str) au lieu de l'objet exception lui-même.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : au lieu de l'exception | passe à signaler la valeur
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    resultats = await asyncio.gather(*[envoyer(message) for message in messages], return_exceptions=True)
    reussis = 0
    for message, resultat in zip(messages, resultats):
        if isinstance(resultat, Exception):
            signaler(message, str(resultat))  # un message lisible pour l'utilisateur
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

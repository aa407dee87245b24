"""Range les tâches dans un dictionnaire {message: tâche} pour retrouver le message de chaque erreur : pour un message en double, la première tâche est écrasée dans le dictionnaire, jamais attendue, ni comptée, ni signalée.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E5, C2, C3
Message attendu : ne renvoie pas le nombre d'envois réussis | le message en double compte pour deux envois
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = {}
    for message in messages:
        taches[message] = asyncio.create_task(envoyer(message))
    resultats = await asyncio.gather(*taches.values(), return_exceptions=True)
    reussis = 0
    for message, resultat in zip(taches.keys(), resultats):
        if isinstance(resultat, Exception):
            signaler(message, resultat)
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

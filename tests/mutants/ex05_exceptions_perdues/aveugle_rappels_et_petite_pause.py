"""Attache à chaque tâche un rappel (add_done_callback) qui signale ou compte, puis fait une pause fixe au lieu d'attendre les tâches : un envoi plus long que la pause n'est ni signalé ni compté à temps, et tourne encore au retour.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E5, C2
Message attendu : des envois tournaient encore | une pause (asyncio.sleep) ne garantit rien
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    compteur = {"reussis": 0}

    def quand_fini(tache, message):
        if tache.exception() is not None:
            signaler(message, tache.exception())
        else:
            compteur["reussis"] += 1

    for message in messages:
        tache = asyncio.create_task(envoyer(message))
        tache.add_done_callback(lambda t, m=message: quand_fini(t, m))
    await asyncio.sleep(0.2)  # le temps que les envois se terminent
    return compteur["reussis"]


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

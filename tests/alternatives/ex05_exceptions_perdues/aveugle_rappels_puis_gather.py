"""Attache à chaque tâche un rappel (add_done_callback) qui signale ou compte selon tache.exception(), puis attend vraiment toutes les tâches avec gather(..., return_exceptions=True) avant de renvoyer le compteur.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    compteur = {"reussis": 0}

    def quand_fini(tache, message):
        erreur = tache.exception()
        if erreur is not None:
            signaler(message, erreur)
        else:
            compteur["reussis"] += 1

    taches = []
    for message in messages:
        tache = asyncio.create_task(envoyer(message))
        tache.add_done_callback(lambda t, m=message: quand_fini(t, m))
        taches.append(tache)
    # les rappels d'une tâche passent avant que gather nous rende la main
    await asyncio.gather(*taches, return_exceptions=True)
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

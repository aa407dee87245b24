"""Lance les envois dans un TaskGroup et attrape l'ExceptionGroup avec except* : le premier échec annule tous les autres envois, qui ne sont alors ni comptés ni signalés.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E1, E2, E5
Message attendu : annulé(s) avant d'avoir fini | un asyncio.TaskGroup annule tous les autres envois
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = []
    try:
        async with asyncio.TaskGroup() as groupe:
            for message in messages:
                taches.append(groupe.create_task(envoyer(message)))
    except* Exception:
        pass  # les erreurs sont signalées juste en dessous
    reussis = 0
    for message, tache in zip(messages, taches):
        if tache.cancelled():
            continue
        if tache.exception() is not None:
            signaler(message, tache.exception())
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

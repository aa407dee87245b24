"""Attend les tâches avec un gather sans return_exceptions, puis inspecte les tâches : gather s'arrête au premier échec, donc les envois encore en route ne sont ni comptés, ni signalés, et continuent de tourner après le retour.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2, E5, C2, C3
Message attendu : des envois tournaient encore | return_exceptions=True
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    taches = [asyncio.create_task(envoyer(message)) for message in messages]
    try:
        await asyncio.gather(*taches)
    except Exception:
        pass  # on regarde juste en dessous quelles tâches ont échoué
    reussis = 0
    for message, tache in zip(messages, taches):
        if not tache.done():
            continue  # pas encore fini : on ne peut pas savoir
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

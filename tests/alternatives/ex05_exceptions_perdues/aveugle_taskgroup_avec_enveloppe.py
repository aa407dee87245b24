"""Enveloppe chaque envoi dans une petite coroutine qui attrape et signale sa propre erreur, et les lance toutes dans un TaskGroup : aucun envoi n'échoue vu du groupe, donc rien n'est annulé, et on compte les réussites à la sortie du bloc.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio


async def envoyer_tous(messages, envoyer, signaler):
    async def un_envoi(message):
        try:
            await envoyer(message)
        except Exception as erreur:
            signaler(message, erreur)
            return False
        return True

    async with asyncio.TaskGroup() as groupe:
        taches = [groupe.create_task(un_envoi(message)) for message in messages]
    return sum(1 for tache in taches if tache.result())


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

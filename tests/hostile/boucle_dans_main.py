"""Un `while` dont l'indice n'avance jamais, atteint par main (exercice 01).

main lance sa propre boucle d'événements (asyncio.run) : les tests l'appellent
dans un fil d'exécution à part. Le chien de garde surveille aussi ce fil : il
interrompt la boucle au bout d'une seconde et nomme la ligne, au lieu d'un
« toujours en cours après 5 s » sans endroit.

Exercice : ex01_premiere_coroutine
Message attendu : bloque la boucle | ex01_premiere_coroutine.py, ligne 25
"""

import asyncio


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    await asyncio.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = list(invites)
    i = 0
    while i < len(noms):
        pass
    return await asyncio.gather(*(saluer(nom, invites[nom]) for nom in noms))


def main(invites):
    noms = asyncio.run(saluer_tout_le_monde(invites))
    print("Tout le monde a été salué :", noms)
    return noms

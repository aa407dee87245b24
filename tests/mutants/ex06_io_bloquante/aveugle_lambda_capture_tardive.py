"""`run_in_executor` avec une lambda qui capture la variable de boucle : une lecture qui attend un thread libre (plus d'identifiants que de threads dans le pool) lit le dernier identifiant ; certains profils sont lus plusieurs fois, d'autres jamais.
Exigence : E4
Message attendu : lus plusieurs fois | jamais lus
Promesse violée : « Chaque profil est lu une seule fois. »

Exercice 06 — Appeler une bibliothèque bloquante sans figer la boucle.

Ce que fait ce code
    `recuperer_profils(identifiants, client)` lit le profil de chaque
    identifiant avec `client.lire_profil(identifiant)` et renvoie la liste des
    profils, dans l'ordre des identifiants.
    `client` vient d'une bibliothèque synchrone (comme `requests`) : sa méthode
    `lire_profil` n'est pas une coroutine. Elle attend la réponse du réseau en
    bloquant le thread qui l'appelle, puis renvoie le profil.

Ce qui ne va pas
    Appelée directement dans la coroutine, `client.lire_profil` bloque le
    thread de la boucle d'événements : tant qu'un profil est en lecture, plus
    aucune autre coroutine n'avance (un serveur ne répondrait plus à personne).
    Et les profils sont lus l'un après l'autre, alors que chaque lecture ne
    fait qu'attendre le réseau.
    Ajouter `await asyncio.sleep(0)` autour de l'appel, ou le ranger dans une
    fonction `async def`, n'y change rien : l'appel bloque toujours la boucle.

Ce qu'il faut changer
    Fais exécuter chaque appel bloquant par un autre thread avec
    `asyncio.to_thread` : pendant qu'un thread attend le réseau, le GIL est
    libéré, la boucle continue à tourner et les autres threads avancent. Lance
    toutes les lectures en même temps (`asyncio.gather`) et renvoie toujours
    les profils dans l'ordre des identifiants. Chaque profil est lu une seule
    fois.

À relire dans le cours
    « Comparaison rapide avec threading » (ligne « I/O » : « GIL libéré sur
    blocages »).

Pour essayer : python exercises/ex06_io_bloquante.py
Pour tester :  nox -- 06
"""

import asyncio
import time


async def recuperer_profils(identifiants, client):
    boucle = asyncio.get_running_loop()
    lectures = []
    for identifiant in identifiants:
        lectures.append(boucle.run_in_executor(None, lambda: client.lire_profil(identifiant)))
    return await asyncio.gather(*lectures)


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


class ClientSynchrone:
    """Un faux client synchrone : chaque lecture bloque le thread 0,5 s."""

    def lire_profil(self, identifiant):
        time.sleep(0.5)  # on fait semblant d'attendre le réseau, sans await
        return {"id": identifiant, "nom": f"utilisateur {identifiant}"}


async def chronometre():
    """Affiche un point toutes les 0,1 s : s'il n'y a plus de points, la boucle est bloquée."""
    while True:
        print(".", end="", flush=True)
        await asyncio.sleep(0.1)


async def main():
    tic = asyncio.create_task(chronometre())
    debut = time.perf_counter()
    profils = await recuperer_profils([1, 2, 3, 4], ClientSynchrone())
    tic.cancel()
    print(f"\n{profils}")
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 0,5 s, avec des points)")


if __name__ == "__main__":
    asyncio.run(main())

"""« Pour lire chaque profil une seule fois », l'élève passe par `set(identifiants)` : l'ordre des identifiants est perdu et les doublons disparaissent de la liste renvoyée.
Exigence : E1
Message attendu : dans l'ordre des identifiants
Promesse violée : « Lance toutes les lectures en même temps (`asyncio.gather`) et renvoie toujours les profils dans l'ordre des identifiants. »

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
    a_lire = set(identifiants)  # chaque profil une seule fois
    profils = await asyncio.gather(*(asyncio.to_thread(client.lire_profil, identifiant) for identifiant in a_lire))
    return list(profils)


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

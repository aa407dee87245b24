"""Exercice 06 — Appeler une bibliothèque bloquante sans figer la boucle.

Ce que fait ce code
    `recuperer_profils(identifiants, client)` lit le profil de chaque
    identifiant avec `client.lire_profil(identifiant)` et renvoie la liste des
    profils, dans l'ordre des identifiants (une liste vide s'il n'y en a
    aucun).
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
    toutes les lectures en même temps (`asyncio.gather`) : elles doivent être
    toutes en cours ensemble, pas par paquets ni l'une après l'autre. Renvoie
    toujours les profils dans l'ordre des identifiants. Chaque profil est lu
    une seule fois. Quand la fonction rend la main, rien de ce qu'elle a lancé
    ne tourne encore.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. recuperer_profils renvoie la liste des profils, dans l'ordre des
        identifiants reçus (une liste vide s'il n'y a aucun identifiant).
    E2. Chaque appel à client.lire_profil tourne dans un autre thread que
        celui de la boucle d'événements.
    E3. Toutes les lectures sont lancées ensemble : les appels à
        client.lire_profil sont tous en cours en même temps.
    E4. Tu appelles client.lire_profil une seule fois par identifiant.
    C1. Ton code ne bloque jamais la boucle d'événements : ni appel bloquant
        (time.sleep, lecture synchrone) ni long calcul dans une coroutine.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Comparaison rapide avec threading » (ligne « I/O » : « GIL libéré sur
    blocages »).

Pour essayer : python exercises/ex06_io_bloquante.py
Pour tester :  nox -- 06
Pour voir la chronologie de ton code, même quand il passe :  nox -- 06 --chronologie
"""

import asyncio
import time


async def recuperer_profils(identifiants, client):
    profils = []
    for identifiant in identifiants:
        profil = client.lire_profil(identifiant)
        profils.append(profil)
    return profils


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

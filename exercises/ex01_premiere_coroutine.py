"""Exercice 01 — Une première coroutine qui attend sans bloquer.

Ce que fait ce code
    `saluer(nom, duree)` affiche « Bonjour <nom>... », attend `duree` secondes
    (on fait semblant d'attendre une réponse), affiche « ...au revoir <nom> ! »
    et renvoie le nom.
    `main(invites)` reçoit un dictionnaire {nom: durée}. C'est une fonction
    normale (`def`, pas `async def`) : elle doit faire tourner toutes les
    salutations en même temps, puis renvoyer la liste des noms, dans l'ordre
    du dictionnaire. `saluer_tout_le_monde` est déjà écrite : `asyncio.gather`
    y lance toutes les salutations ensemble.

Ce qui ne va pas
    Lance le fichier : aucune salutation ne s'affiche, `main` renvoie un drôle
    d'objet « coroutine », et Python avertit « coroutine ... was never awaited ».
    Appeler une fonction `async` ne l'exécute pas : il faut une boucle
    d'événements pour la faire tourner.
    Et même une fois lancées, les salutations passeraient l'une après l'autre :
    `time.sleep` endort tout le programme, boucle d'événements comprise, donc
    personne d'autre ne peut être salué pendant l'attente.

Ce qu'il faut changer
    1. Dans `saluer`, attends sans bloquer : `await asyncio.sleep(duree)`.
    2. Dans `main`, qui reste une fonction normale, démarre la coroutine avec
       `asyncio.run(...)` et renvoie ce qu'elle renvoie.
    Avec trois invités, tous les « Bonjour » doivent s'afficher avant le
    premier « au revoir », et le tout doit durer environ la plus longue
    attente, pas la somme des attentes.

À relire dans le cours
    « Première coroutine »

Pour essayer : python exercises/ex01_premiere_coroutine.py
Pour tester :  nox -- 01
"""

import asyncio
import time


async def saluer(nom, duree):
    print(f"Bonjour {nom}...")
    time.sleep(duree)
    print(f"...au revoir {nom} !")
    return nom


async def saluer_tout_le_monde(invites):
    noms = await asyncio.gather(*(saluer(nom, duree) for nom, duree in invites.items()))
    return noms


def main(invites):
    noms = saluer_tout_le_monde(invites)
    print("Tout le monde a été salué :", noms)
    return noms


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

if __name__ == "__main__":
    debut = time.perf_counter()
    main({"Ada": 1.0, "Linus": 0.5, "Grace": 0.8})
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 1 s)")

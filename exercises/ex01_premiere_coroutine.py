"""Exercice 01 — Une première coroutine qui attend sans bloquer.

Ce que fait ce code
    `saluer(nom, duree)` affiche « Bonjour <nom>... », attend `duree` secondes
    (on fait semblant d'attendre une réponse), affiche « ...au revoir <nom> ! »
    et renvoie le nom.
    `main(invites)` reçoit un dictionnaire {nom: durée}, peut-être vide. C'est
    une fonction normale (`def`, pas `async def`) : elle doit faire tourner
    toutes les salutations en même temps, chacun saluant une seule fois, puis
    renvoyer la liste des noms, dans l'ordre du dictionnaire (une liste vide
    sans invité). `saluer_tout_le_monde` est déjà écrite : `asyncio.gather`
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
       `asyncio.run(...)` et renvoie ce qu'elle renvoie. `asyncio.run` fait
       tourner toutes les salutations dans une seule boucle d'événements, et
       ferme cette boucle avant de rendre la main.
    Avec trois invités, tous les « Bonjour » doivent s'afficher avant le
    premier « au revoir », et le tout doit durer environ la plus longue
    attente, pas la somme des attentes ; avec quarante invités aussi :
    chacun dit « au revoir » après sa propre attente.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. `saluer(nom, duree)` affiche « Bonjour <nom>... », attend `duree`
        secondes, puis affiche « ...au revoir <nom> ! » et renvoie le nom.
    E2. Pendant son attente, `saluer` ne bloque pas la boucle d'événements :
        plusieurs salutations lancées ensemble disent toutes « Bonjour »
        avant le premier « au revoir ».
    E3. `main(invites)` reste une fonction normale (`def`) : l'appeler fait
        vraiment tourner les salutations, sans rien laisser à attendre.
    E4. `main` renvoie la liste des noms dans l'ordre du dictionnaire, pas
        dans l'ordre où les salutations se terminent.
    E5. `main` salue chaque invité une seule fois, et tous en même temps :
        tous les « Bonjour » s'affichent avant le premier « au revoir ».
    E6. `main` dure à peu près la plus longue attente, pas la somme : chacun
        dit « au revoir » après sa propre attente, même avec des dizaines
        d'invités.
    E7. `main` fait tourner toutes les salutations dans une seule boucle
        d'événements, fermée quand `main` rend la main (c'est ce que fait
        `asyncio.run`).
    E8. Avec un dictionnaire vide, `main` ne salue personne et renvoie une
        liste vide.

À relire dans le cours
    « Première coroutine »

Pour essayer : python exercises/ex01_premiere_coroutine.py
Pour tester :  nox -- 01
Pour voir la chronologie de ton code, même quand il passe :  nox -- 01 --chronologie
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

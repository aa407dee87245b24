"""Exercice 02 — Attendre plusieurs coroutines en même temps avec gather.

Ce que fait ce code
    `telecharger_tout(urls, telecharger)` récupère le contenu de chaque url avec
    `await telecharger(url)` et renvoie la liste des contenus, dans l'ordre des
    urls (une liste vide s'il n'y a aucune url). Si un téléchargement échoue
    (lève une exception), `telecharger_tout` laisse remonter cette exception
    au lieu de renvoyer une liste.

Ce qui ne va pas
    Les téléchargements sont faits l'un après l'autre : le deuxième ne commence
    qu'une fois le premier terminé. Pourtant, pendant un téléchargement, le
    programme ne fait qu'attendre le réseau. Avec 10 urls de 0,1 s chacune, on
    attend 1 s au lieu de 0,1 s.

Ce qu'il faut changer
    Lance tous les téléchargements en même temps avec `asyncio.gather`, quel
    que soit le nombre d'urls, et renvoie toujours les contenus dans l'ordre
    des urls (pas dans l'ordre où les téléchargements se terminent), même si
    l'un d'eux est très lent : n'en abandonne aucun en route. Chaque url est
    téléchargée une seule fois, même en cas d'erreur (pas de nouvel essai).
    Avec gather, la première erreur remonte d'elle-même ; les autres
    téléchargements peuvent alors finir tout seuls, l'exercice ne demande pas
    de les arrêter. Un `asyncio.TaskGroup` convient aussi : l'erreur remonte
    alors dans un ExceptionGroup, ce qui est accepté.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. `telecharger_tout` renvoie le contenu de chaque url, dans l'ordre
        des urls reçues (pas dans l'ordre où les téléchargements se
        terminent), même quand l'un d'eux est très lent ; une url donnée
        deux fois a son contenu aux deux positions.
    E2. Tous les téléchargements sont en cours en même temps, quel que soit
        le nombre d'urls : aucun n'attend la fin d'un autre pour commencer.
    E3. Le tout dure à peu près le téléchargement le plus long, pas la somme
        des durées : `telecharger_tout` rend la main dès que le dernier
        téléchargement est fini, sans attente en plus.
    E4. Chaque url est téléchargée une seule fois, même quand un
        téléchargement échoue (pas de nouvel essai) ; pour une url donnée
        deux fois, un ou deux téléchargements, au choix.
    E5. Avec une liste d'urls vide, `telecharger_tout` renvoie une liste
        vide.
    E6. Si un téléchargement lève une exception, `telecharger_tout` la
        laisse remonter (telle quelle, ou dans un ExceptionGroup) au lieu de
        renvoyer une liste.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Concurrence : séquentiel vs asyncio »

Pour essayer : python exercises/ex02_gather.py
Pour tester :  nox -- 02
Pour voir la chronologie de ton code, même quand il passe :  nox -- 02 --chronologie
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    contenus = []
    for url in urls:
        contenu = await telecharger(url)
        contenus.append(contenu)
    return contenus


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def faux_telechargement(url):
    await asyncio.sleep(0.5)  # on fait semblant d'attendre le réseau
    return f"<contenu de {url}>"


async def main():
    urls = ["https://exemple.fr/a", "https://exemple.fr/b", "https://exemple.fr/c"]
    debut = time.perf_counter()
    contenus = await telecharger_tout(urls, faux_telechargement)
    print(contenus)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 0,5 s)")


if __name__ == "__main__":
    asyncio.run(main())

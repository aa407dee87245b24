"""Exercice 08 — Limiter le nombre d'opérations en cours avec un sémaphore.

Ce que fait ce code
    `telecharger_avec_limite(urls, telecharger, limite)` télécharge chaque url
    avec `await telecharger(url)`, l'une après l'autre, et renvoie la liste des
    contenus, dans l'ordre des urls. Le paramètre `limite` n'est pas utilisé.

Ce qui ne va pas
    Un seul téléchargement est en cours à la fois : le programme passe son
    temps à attendre le réseau. Mais tout lancer d'un coup ne va pas non plus :
    avec 1000 urls, on ouvrirait 1000 connexions, et le service appelé
    saturerait. Il en accepte au plus `limite` à la fois.

Ce qu'il faut changer
    Télécharge en même temps, mais jamais plus de `limite` à la fois. Dès
    qu'un téléchargement se termine, sa place sert aussitôt à une url qui
    attend, sans attendre les plus lents (pas de paquets de `limite` attendus
    l'un après l'autre) : tant qu'il reste des urls, `limite` téléchargements
    sont en cours. Les contenus restent dans l'ordre des urls (une liste vide
    d'urls donne une liste vide), et chaque url est téléchargée une seule fois
    (une url donnée deux fois a son contenu aux deux positions). Si
    `telecharger` lève une exception, ne réessaie pas : laisse-la sortir (les
    téléchargements pas encore finis peuvent continuer ou être annulés).

    La route conseillée : crée UN `asyncio.Semaphore(limite)` pour tout
    l'appel, fais passer chaque téléchargement par `async with semaphore:`,
    et lance-les tous ensemble avec `asyncio.gather` : ceux qui sont en trop
    attendent une place. Seul le comportement est vérifié : une autre façon
    de faire qui tient les mêmes promesses est acceptée.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. telecharger_avec_limite renvoie la liste des contenus, un par url
        reçue et dans leur ordre (pas dans l'ordre où les téléchargements
        finissent) : une url donnée deux fois a son contenu aux deux
        positions, une liste vide d'urls donne une liste vide.
    E2. Chaque url est téléchargée une seule fois : un appel à telecharger
        par url (pour une url donnée deux fois, un ou deux appels, au
        choix).
    E3. Jamais plus de limite téléchargements en cours à la fois.
    E4. Les téléchargements se font en même temps : limite à la fois (toutes
        les urls à la fois s'il y en a moins que limite).
    E5. Dès qu'un téléchargement se termine, une url qui attend prend sa
        place, sans attendre les plus lents : tant qu'il reste des urls,
        limite téléchargements sont en cours.
    E6. Si telecharger lève une exception, l'url n'est pas retéléchargée :
        l'exception sort de telecharger_avec_limite (telle quelle, ou dans
        l'ExceptionGroup d'un TaskGroup). Les téléchargements pas encore
        finis à cet instant peuvent continuer ou être annulés, au choix.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Concurrence : séquentiel vs asyncio » (lancer en même temps) et
    « Comparaison rapide avec threading » (ligne « Synchronisation » :
    « Rare (sémaphores, queues async) »).

Pour essayer : python exercises/ex08_semaphore.py
Pour tester :  nox -- 08
Pour voir la chronologie de ton code, même quand il passe :  nox -- 08 --chronologie
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = []
    for url in urls:
        contenu = await telecharger(url)
        contenus.append(contenu)
    return contenus


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.

en_cours = 0


async def faux_telechargement(url):
    global en_cours
    en_cours += 1
    print(f"début {url} ({en_cours} en cours)")
    numero = int(url.rsplit("/", 1)[1])
    await asyncio.sleep(0.1 * (1 + numero % 3))  # on fait semblant d'attendre le réseau
    en_cours -= 1
    print(f"fin   {url}")
    return f"<contenu de {url}>"


async def main():
    urls = [f"https://exemple.fr/{n}" for n in range(8)]
    debut = time.perf_counter()
    contenus = await telecharger_avec_limite(urls, faux_telechargement, 3)
    print(contenus)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : jamais plus de 3 en cours)")


if __name__ == "__main__":
    asyncio.run(main())

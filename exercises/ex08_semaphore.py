"""Exercice 08 — Limiter le nombre d'opérations en cours avec un sémaphore.

Ce que fait ce code
    `telecharger_avec_limite(urls, telecharger, limite)` télécharge chaque url
    avec `await telecharger(url)` et renvoie la liste des contenus, dans l'ordre
    des urls. Tous les téléchargements sont lancés en même temps avec
    `asyncio.gather`.

Ce qui ne va pas
    Le paramètre `limite` est ignoré : avec 1000 urls, on ouvrirait 1000
    connexions d'un coup, et le serveur appelé (ou le réseau) saturerait. On
    veut au plus `limite` téléchargements en cours à la fois.

Ce qu'il faut changer
    Crée UN `asyncio.Semaphore(limite)` pour tout l'appel, et entoure chaque
    téléchargement de `async with semaphore:`. Lance toujours tout avec
    `asyncio.gather` : le sémaphore fait attendre les téléchargements en trop,
    et dès qu'un téléchargement se termine, sa place sert tout de suite au
    suivant (pas de paquets de `limite` attendus l'un après l'autre). On veut
    donc exactement `limite` téléchargements en cours tant qu'il reste des urls
    à traiter. Les contenus restent dans l'ordre des urls, et chaque url est
    téléchargée une seule fois.

À relire dans le cours
    « Comparaison rapide avec threading » (ligne « Synchronisation » :
    « Rare (sémaphores, queues async) »).

Pour essayer : python exercises/ex08_semaphore.py
Pour tester :  nox -- 08
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = await asyncio.gather(*(telecharger(url) for url in urls))
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
    print(f"Durée : {time.perf_counter() - debut:.2f} s (objectif : jamais plus de 3 en cours)")


if __name__ == "__main__":
    asyncio.run(main())

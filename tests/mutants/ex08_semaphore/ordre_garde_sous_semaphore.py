"""Pour garder l'ordre, chaque téléchargement attend son prédécesseur en gardant sa place du sémaphore : une url lente bloque les places des suivantes.
Promesse violée : « Dès qu'un téléchargement se termine, sa place sert aussitôt au suivant, sans attendre les plus lents (pas de paquets de `limite` attendus l'un après l'autre) : tant qu'il reste des urls, `limite` téléchargements sont en cours. »
Exigence : E5
Message attendu : gardaient la leur | rends la place dès la fin du téléchargement

Exercice 08 — Limiter le nombre d'opérations en cours avec un sémaphore.

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
    Télécharge en même temps, mais jamais plus de `limite` à la fois. Crée UN
    `asyncio.Semaphore(limite)` pour tout l'appel, fais passer chaque
    téléchargement par `async with semaphore:`, et lance-les tous ensemble :
    ceux qui sont en trop attendent une place. Dès qu'un téléchargement se
    termine, sa place sert aussitôt au suivant, sans attendre les plus lents
    (pas de paquets de `limite` attendus l'un après l'autre) : tant qu'il
    reste des urls, `limite` téléchargements sont en cours. Les contenus
    restent dans l'ordre des urls, et chaque url est téléchargée une seule fois.

À relire dans le cours
    « Concurrence : séquentiel vs asyncio » (lancer en même temps) et
    « Comparaison rapide avec threading » (ligne « Synchronisation » :
    « Rare (sémaphores, queues async) »).

Pour essayer : python exercises/ex08_semaphore.py
Pour tester :  nox -- 08
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    urls = list(urls)
    semaphore = asyncio.Semaphore(limite)
    contenus = []
    ranges = [asyncio.Event() for _ in urls]

    async def telecharger_un(i, url):
        async with semaphore:
            contenu = await telecharger(url)
            # on range dans l'ordre des urls : on attend que le précédent soit rangé
            if i > 0:
                await ranges[i - 1].wait()
            contenus.append(contenu)
            ranges[i].set()

    await asyncio.gather(*(telecharger_un(i, url) for i, url in enumerate(urls)))
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

"""Découpe les urls en paquets de limite et attend chaque paquet avec gather avant de lancer le suivant : le plus lent du paquet bloque les places libérées.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E5
Message attendu : n'a pas servi tout de suite | ne découpe pas les urls en paquets
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = []
    for debut in range(0, len(urls), limite):
        paquet = urls[debut : debut + limite]
        resultats = await asyncio.gather(*(telecharger(url) for url in paquet))
        contenus.extend(resultats)
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

"""Remplace le sémaphore par une asyncio.Queue vidée par au plus limite travailleurs dans un TaskGroup : chaque travailleur reprend une url dès qu'il a fini, et une erreur annule les autres.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    file = asyncio.Queue()
    for indice, url in enumerate(urls):
        file.put_nowait((indice, url))

    async def travailleur():
        while True:
            try:
                indice, url = file.get_nowait()
            except asyncio.QueueEmpty:
                return  # plus rien à télécharger
            contenus[indice] = await telecharger(url)

    nombre = min(limite, len(urls))
    async with asyncio.TaskGroup() as groupe:
        for _ in range(nombre):
            groupe.create_task(travailleur())
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

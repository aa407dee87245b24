"""Pool de limite travailleurs sur une asyncio.Queue attendue avec join(), mais les travailleurs (boucle infinie sur file.get()) ne sont jamais annulés : ils tournent encore après le retour.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : C2
Message attendu : tournent encore quand il rend la main | attends chaque tâche que tu lances
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    erreurs = []
    file = asyncio.Queue()
    for indice, url in enumerate(urls):
        file.put_nowait((indice, url))

    async def travailleur():
        while True:
            indice, url = await file.get()
            try:
                contenus[indice] = await telecharger(url)
            except Exception as erreur:
                erreurs.append(erreur)
            finally:
                file.task_done()

    for _ in range(limite):
        asyncio.create_task(travailleur())

    await file.join()
    if erreurs:
        raise erreurs[0]
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

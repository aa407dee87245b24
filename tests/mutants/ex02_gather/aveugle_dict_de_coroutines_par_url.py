"""Une seule coroutine par url, rangée dans un dictionnaire {url: coroutine} « pour ne pas télécharger deux fois » : pour une url donnée deux fois, la première coroutine est remplacée sans jamais être attendue.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : C4
Message attendu : Une coroutine de téléchargement a été créée sans jamais être attendue | un dictionnaire {url: coroutine}
"""

import asyncio


async def telecharger_tout(urls, telecharger):
    # une seule coroutine par url, même si l'url est répétée
    coroutines = {url: telecharger(url) for url in urls}
    resultats = await asyncio.gather(*coroutines.values())
    contenu_par_url = dict(zip(coroutines, resultats))
    return [contenu_par_url[url] for url in urls]


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

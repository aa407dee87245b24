"""Un future unique est résolu par les done callbacks des tâches : erreur dès la première, résultat quand la dernière finit.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_tout(urls, telecharger):
    if not urls:
        return []
    boucle = asyncio.get_running_loop()
    resultat = boucle.create_future()
    taches = [asyncio.create_task(telecharger(url)) for url in urls]
    restantes = len(taches)

    def quand_finie(tache):
        nonlocal restantes
        restantes -= 1
        if resultat.done():
            return
        if tache.cancelled():
            resultat.cancel()
        elif tache.exception() is not None:
            resultat.set_exception(tache.exception())
        elif restantes == 0:
            resultat.set_result([t.result() for t in taches])

    for tache in taches:
        tache.add_done_callback(quand_finie)
    return await resultat


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

"""Garde au plus limite tâches en cours et, avec asyncio.wait(FIRST_COMPLETED), relance une url dès qu'une tâche finit ; en cas d'erreur, annule et attend les tâches restantes avant de laisser sortir l'exception.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    en_cours = {}  # tâche -> position de son url
    suivant = 0
    try:
        while suivant < len(urls) or en_cours:
            # on remplit les places libres
            while suivant < len(urls) and len(en_cours) < limite:
                tache = asyncio.create_task(telecharger(urls[suivant]))
                en_cours[tache] = suivant
                suivant += 1
            finies, _ = await asyncio.wait(en_cours, return_when=asyncio.FIRST_COMPLETED)
            for tache in finies:
                indice = en_cours.pop(tache)
                contenus[indice] = tache.result()  # relance l'exception si le téléchargement a échoué
        return contenus
    finally:
        # en cas d'erreur : plus rien ne doit tourner quand on rend la main
        for tache in en_cours:
            tache.cancel()
        if en_cours:
            await asyncio.gather(*en_cours, return_exceptions=True)


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

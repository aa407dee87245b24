"""Fenêtre glissante avec asyncio.wait(FIRST_COMPLETED) dans un TaskGroup, mais une seule url relancée par réveil (un if au lieu d'un while) : quand plusieurs téléchargements finissent au même moment, leurs places restent vides pour de bon.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E5
Message attendu : Des places libérées en même temps sont restées vides | une boucle while
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    en_cours = {}  # tâche -> position de son url
    prochaine = 0
    async with asyncio.TaskGroup() as groupe:
        # on remplit d'abord toutes les places
        while prochaine < len(urls) and len(en_cours) < limite:
            en_cours[groupe.create_task(telecharger(urls[prochaine]))] = prochaine
            prochaine += 1
        while en_cours:
            finies, _ = await asyncio.wait(en_cours, return_when=asyncio.FIRST_COMPLETED)
            for tache in finies:
                contenus[en_cours.pop(tache)] = tache.result()
            # une place s'est libérée : on lance l'url suivante
            if prochaine < len(urls):
                en_cours[groupe.create_task(telecharger(urls[prochaine]))] = prochaine
                prochaine += 1
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

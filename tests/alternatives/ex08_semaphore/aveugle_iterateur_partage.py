"""Lance au plus limite travailleurs qui piochent dans un même itérateur (position, url) et les attend avec gather ; si l'un échoue, annule les autres et attend leur fin avant de relancer l'exception.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : aucune (réponse juste)
Message attendu :
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    a_faire = iter(enumerate(urls))  # partagé : chaque paire n'est prise qu'une fois

    async def travailleur():
        for indice, url in a_faire:
            contenus[indice] = await telecharger(url)

    travailleurs = [asyncio.create_task(travailleur()) for _ in range(min(limite, len(urls)))]
    try:
        await asyncio.gather(*travailleurs)
    except BaseException:
        for tache in travailleurs:
            tache.cancel()
        await asyncio.gather(*travailleurs, return_exceptions=True)
        raise
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

"""Lance limite travailleurs qui se partagent les urls à l'avance (une sur limite chacun) : un travailleur tombé sur des urls lentes garde sa file pendant que les autres, finis, restent sans rien faire.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E5
Message attendu : n'a pas servi tout de suite | ne répartis pas les urls à l'avance
"""

import asyncio
import time


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)

    async def travailleur(numero):
        # le travailleur numero prend les urls numero, numero + limite, ...
        for indice in range(numero, len(urls), limite):
            contenus[indice] = await telecharger(urls[indice])

    await asyncio.gather(*(travailleur(numero) for numero in range(limite)))
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

"""Exercice 06 — solution de référence.

Chaque appel bloquant part dans un thread avec `asyncio.to_thread` : la boucle
reste libre, et comme un thread qui attend le réseau libère le GIL, les
lectures lancées ensemble avec `asyncio.gather` avancent en même temps.
"""

import asyncio
import time


async def recuperer_profils(identifiants, client):
    lectures = [asyncio.to_thread(client.lire_profil, identifiant) for identifiant in identifiants]
    return await asyncio.gather(*lectures)


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


class ClientSynchrone:
    """Un faux client synchrone : chaque lecture bloque le thread 0,5 s."""

    def lire_profil(self, identifiant):
        time.sleep(0.5)  # on fait semblant d'attendre le réseau, sans await
        return {"id": identifiant, "nom": f"utilisateur {identifiant}"}


async def chronometre():
    """Affiche un point toutes les 0,1 s : s'il n'y a plus de points, la boucle est bloquée."""
    while True:
        print(".", end="", flush=True)
        await asyncio.sleep(0.1)


async def main():
    tic = asyncio.create_task(chronometre())
    debut = time.perf_counter()
    profils = await recuperer_profils([1, 2, 3, 4], ClientSynchrone())
    tic.cancel()
    print(f"\n{profils}")
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"Durée : {secondes} s (objectif : environ 0,5 s, avec des points)")


if __name__ == "__main__":
    asyncio.run(main())

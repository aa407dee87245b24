"""Avec un seul identifiant, « rien à paralléliser » : le profil est lu directement dans la coroutine, dans le thread de la boucle, qui reste figée pendant toute la lecture (to_thread et gather seulement à partir de deux identifiants).

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : 1 appel(s) sur 1 exécuté(s) par le thread de la boucle | même pour un seul identifiant
"""

import asyncio
import time


async def recuperer_profils(identifiants, client):
    if len(identifiants) == 1:
        # un seul profil : rien à paralléliser, on le lit directement
        return [client.lire_profil(identifiants[0])]
    profils = await asyncio.gather(
        *(asyncio.to_thread(client.lire_profil, identifiant) for identifiant in identifiants)
    )
    return list(profils)


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

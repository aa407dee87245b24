"""Chaque lecture qui lève une exception est relancée une fois « parce que le réseau a des ratés » : pour un profil dont la lecture échoue, client.lire_profil est appelé deux fois.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E4
Message attendu : a levé LectureRatee, puis | une lecture qui échoue ne se relit pas
"""

import asyncio
import time


async def recuperer_profils(identifiants, client):
    async def lire(identifiant):
        try:
            return await asyncio.to_thread(client.lire_profil, identifiant)
        except Exception:
            # le réseau a des ratés : on retente une fois avant d'abandonner
            return await asyncio.to_thread(client.lire_profil, identifiant)

    profils = await asyncio.gather(*(lire(identifiant) for identifiant in identifiants))
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

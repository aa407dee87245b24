"""Lit les profils avec to_thread par paquets de 5, un gather par paquet, « pour ne pas lancer trop de threads d'un coup » : au-delà de 5 identifiants, les lectures ne sont plus toutes en cours ensemble.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E3
Message attendu : au plus 5 appel(s) en cours à la fois | pas de paquets
"""

import asyncio
import time

TAILLE_PAQUET = 5  # pour ne pas lancer trop de threads d'un coup


async def recuperer_profils(identifiants, client):
    profils = []
    for debut in range(0, len(identifiants), TAILLE_PAQUET):
        paquet = identifiants[debut:debut + TAILLE_PAQUET]
        resultats = await asyncio.gather(
            *(asyncio.to_thread(client.lire_profil, identifiant) for identifiant in paquet)
        )
        profils.extend(resultats)
    return profils


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

"""Correct : la solution de référence, mais son serveur agrandit le tampon de lecture du StreamReader (start_server(..., limit=2**20), pour accepter des lignes d'1 Mo) : asyncio lit alors jusqu'à 2 Mo d'avance quand le client ne lit pas, sans que le code, qui attend drain() avant chaque ligne, les entasse.
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


async def repondre(ligne, calculer):
    """La réponse du protocole à une ligne reçue (sans le \\n)."""
    morceaux = ligne.split()
    if len(morceaux) != 3 or morceaux[0] != "CALCUL":
        return "ERREUR requête inconnue, attendu : CALCUL <a> <b>"
    try:
        a = int(morceaux[1])
        b = int(morceaux[2])
    except ValueError:
        return "ERREUR a et b doivent être des entiers"
    resultat = await calculer(a, b)
    return f"OK {resultat}"


async def gerer_client(reader, writer, calculer):
    try:
        while True:
            donnees = await reader.readline()
            if not donnees:  # b"" : le client a fermé la connexion
                break
            ligne = donnees.decode(errors="replace").strip()
            if ligne == "FIN":
                break
            reponse = await repondre(ligne, calculer)
            writer.write(f"{reponse}\n".encode())
            await writer.drain()
    finally:
        writer.close()


async def demarrer_serveur(calculer, port=0):
    async def servir(reader, writer):
        await gerer_client(reader, writer, calculer)

    return await asyncio.start_server(servir, HOTE, port, limit=2**20)


# ---------------------------------------------------------------------------
# Le client


def lire_reponse(reponse):
    """`OK <n>` donne l'entier n, `ERREUR …` donne None."""
    statut, _, reste = reponse.strip().partition(" ")
    if statut == "OK":
        return int(reste)
    if statut == "ERREUR":
        return None
    raise ValueError(f"réponse inattendue du serveur : {reponse!r}")


async def interroger(hote, port, calculs):
    reader, writer = await asyncio.open_connection(hote, port)
    try:
        resultats = []
        for a, b in calculs:
            writer.write(f"CALCUL {a} {b}\n".encode())
            await writer.drain()
            reponse = await reader.readline()
            resultats.append(lire_reponse(reponse.decode()))
        writer.write(b"FIN\n")
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()
    return resultats


async def interroger_beaucoup(hote, port, lots):
    resultats = await asyncio.gather(*(interroger(hote, port, calculs) for calculs in lots))
    return list(resultats)


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def calcul_lent(a, b):
    await asyncio.sleep(0.05)  # on fait semblant d'interroger un service distant
    return a + b


async def main():
    serveur = await demarrer_serveur(calcul_lent, 0)
    port = serveur.sockets[0].getsockname()[1]
    print(f"Serveur à l'écoute sur {HOTE}:{port}")

    lots = [[(i, 1), (i, 2), (i, 3)] for i in range(20)]
    debut = time.perf_counter()
    resultats = await interroger_beaucoup(HOTE, port, lots)
    secondes = f"{time.perf_counter() - debut:.2f}".replace(".", ",")
    print(f"{len(lots)} clients, 3 calculs chacun : {resultats[:3]} …")
    print(f"Durée : {secondes} s (objectif : environ 0,15 s)")

    try:
        print(
            "Avec une ligne mal formée :",
            await interroger(HOTE, port, [(1, 2), ("trois", 4), (5, 6)]),
        )
    except Exception as erreur:
        print(f"Le client a planté : {erreur!r}")

    serveur.close()
    await serveur.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())

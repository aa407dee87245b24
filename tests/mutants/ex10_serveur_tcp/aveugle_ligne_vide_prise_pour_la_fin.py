"""Le serveur teste la fin de la connexion après strip() : une ligne vide (« \\n » seul) est prise pour la fermeture du client, et la connexion se ferme sans réponse ERREUR.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E4
Message attendu : ligne vide | avant strip()
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


async def gerer_client(reader, writer, calculer):
    while True:
        ligne = (await reader.readline()).decode().strip()
        if not ligne or ligne == "FIN":
            break  # connexion fermée par le client, ou FIN
        morceaux = ligne.split()
        if len(morceaux) != 3 or morceaux[0] != "CALCUL":
            reponse = "ERREUR demande inconnue"
        else:
            try:
                a = int(morceaux[1])
                b = int(morceaux[2])
            except ValueError:
                reponse = "ERREUR nombres invalides"
            else:
                reponse = f"OK {await calculer(a, b)}"
        writer.write((reponse + "\n").encode())
        await writer.drain()
    writer.close()


async def demarrer_serveur(calculer, port=0):
    async def servir(reader, writer):
        await gerer_client(reader, writer, calculer)

    return await asyncio.start_server(servir, HOTE, port)



# ---------------------------------------------------------------------------
# Le client


async def interroger(hote, port, calculs):
    reader, writer = await asyncio.open_connection(hote, port)
    resultats = []
    for a, b in calculs:
        writer.write(f"CALCUL {a} {b}\n".encode())
        await writer.drain()
        reponse = (await reader.readline()).decode().strip()
        if reponse.startswith("OK "):
            resultats.append(int(reponse[3:]))
        else:
            resultats.append(None)
    writer.write(b"FIN\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    return resultats


async def interroger_beaucoup(hote, port, lots):
    return await asyncio.gather(*(interroger(hote, port, calculs) for calculs in lots))


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
        reponses = await interroger(HOTE, port, [(1, 2), ("trois", 4), (5, 6)])
        print("Avec une ligne mal formée :", reponses, "(objectif : [3, None, 11])")
    except Exception as erreur:
        print(f"Avec une ligne mal formée, le client a planté : {erreur!r}")

    serveur.close()
    await serveur.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())

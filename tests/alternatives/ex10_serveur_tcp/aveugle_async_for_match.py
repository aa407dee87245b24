"""Correct : Serveur qui lit avec « async for » sur le StreamReader et un match sur la ligne ; handler via functools.partial ; client avec readuntil et TaskGroup.

Réponse juste du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
"""

import asyncio
import functools
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


async def gerer_client(reader, writer, calculer):
    try:
        async for donnees in reader:  # une ligne à chaque tour, fini quand le client ferme
            match donnees.decode(errors="replace").split():
                case ["FIN"]:
                    break
                case ["CALCUL", a, b]:
                    try:
                        a, b = int(a), int(b)
                    except ValueError:
                        reponse = "ERREUR nombres invalides"
                    else:
                        reponse = f"OK {await calculer(a, b)}"
                case _:
                    reponse = "ERREUR commande inconnue"
            writer.write((reponse + "\n").encode())
            await writer.drain()
    except (ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def demarrer_serveur(calculer, port=0):
    return await asyncio.start_server(
        functools.partial(gerer_client, calculer=calculer), HOTE, port
    )


# ---------------------------------------------------------------------------
# Le client


def lire_reponse(donnees):
    morceaux = donnees.decode().split()
    if len(morceaux) == 2 and morceaux[0] == "OK":
        return int(morceaux[1])
    return None


async def interroger(hote, port, calculs):
    reader, writer = await asyncio.open_connection(hote, port)
    try:
        reponses = []
        for a, b in calculs:
            writer.write(f"CALCUL {a} {b}\n".encode())
            await writer.drain()
            try:
                reponses.append(lire_reponse(await reader.readuntil(b"\n")))
            except asyncio.IncompleteReadError:
                reponses.append(None)
        writer.write(b"FIN\n")
        await writer.drain()
        return reponses
    finally:
        writer.close()
        await writer.wait_closed()


async def interroger_beaucoup(hote, port, lots):
    async with asyncio.TaskGroup() as groupe:
        taches = [groupe.create_task(interroger(hote, port, calculs)) for calculs in lots]
    return [tache.result() for tache in taches]


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

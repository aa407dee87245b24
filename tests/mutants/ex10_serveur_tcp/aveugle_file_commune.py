"""Serveur où tous les clients déposent leurs calculs dans une asyncio.Queue commune, traitée par une seule tâche travailleuse.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E6
Message attendu : au plus 1 requête(s) en cours à la fois | file d'attente commune vidée par une seule tâche
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


def repondre_a(ligne):
    """Analyse une ligne : renvoie (a, b) pour un CALCUL valide, sinon un message d'erreur."""
    morceaux = ligne.split()
    if len(morceaux) != 3 or morceaux[0] != "CALCUL":
        return None, "commande inconnue"
    try:
        return (int(morceaux[1]), int(morceaux[2])), None
    except ValueError:
        return None, "nombres invalides"


async def gerer_client(reader, writer, calculer):
    try:
        while True:
            donnees = await reader.readline()
            if not donnees:
                break  # le client a fermé sa connexion
            ligne = donnees.decode(errors="replace").strip()
            if ligne == "FIN":
                break
            nombres, erreur = repondre_a(ligne)
            if erreur:
                reponse = f"ERREUR {erreur}"
            else:
                resultat = await calculer(*nombres)
                reponse = f"OK {resultat}"
            writer.write(f"{reponse}\n".encode())
            await writer.drain()
    except (ConnectionError, ValueError):
        pass  # connexion coupée ou ligne beaucoup trop longue
    finally:
        writer.close()


async def demarrer_serveur(calculer, port=0):
    # Tous les calculs passent par une file commune, traitée par un seul travailleur.
    file_calculs = asyncio.Queue()
    travailleur = None

    async def travailler():
        # Le travailleur vide la file, un calcul après l'autre, puis s'arrête.
        while not file_calculs.empty():
            (a, b), futur = file_calculs.get_nowait()
            try:
                resultat = await calculer(a, b)
            except Exception as erreur:
                if not futur.done():
                    futur.set_exception(erreur)
            else:
                if not futur.done():
                    futur.set_result(resultat)

    async def calculer_via_file(a, b):
        nonlocal travailleur
        futur = asyncio.get_running_loop().create_future()
        file_calculs.put_nowait(((a, b), futur))
        if travailleur is None or travailleur.done():
            travailleur = asyncio.create_task(travailler())
        return await futur

    async def servir(reader, writer):
        await gerer_client(reader, writer, calculer_via_file)

    return await asyncio.start_server(servir, HOTE, port)


# ---------------------------------------------------------------------------
# Le client


async def interroger(hote, port, calculs):
    reader, writer = await asyncio.open_connection(hote, port)
    resultats = []
    try:
        for a, b in calculs:
            writer.write(f"CALCUL {a} {b}\n".encode())
            await writer.drain()
            reponse = (await reader.readline()).decode().strip()
            if reponse.startswith("OK "):
                resultats.append(int(reponse.split()[1]))
            else:
                resultats.append(None)
        writer.write(b"FIN\n")
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()
    return resultats


async def interroger_beaucoup(hote, port, lots):
    return list(await asyncio.gather(*(interroger(hote, port, calculs) for calculs in lots)))


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

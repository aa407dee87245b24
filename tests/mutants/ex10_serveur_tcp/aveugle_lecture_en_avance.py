"""Le serveur lit les lignes dans une tâche à part qui les range dans une asyncio.Queue : quand le client ne lit pas ses réponses, la boucle qui répond attend bien drain(), mais la tâche de lecture continue et les lignes s'entassent dans la file.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E7
Message attendu : lit les lignes d'avance | une tâche à part
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


def preparer_reponse(texte):
    """Renvoie (a, b) pour une demande correcte, sinon le texte de l'erreur."""
    morceaux = texte.split()
    if len(morceaux) != 3 or morceaux[0] != "CALCUL":
        return "ERREUR commande inconnue"
    try:
        return int(morceaux[1]), int(morceaux[2])
    except ValueError:
        return "ERREUR a et b doivent être des entiers"


async def gerer_client(reader, writer, calculer):
    lignes = asyncio.Queue()

    async def lire():
        while True:
            ligne = await reader.readline()
            await lignes.put(ligne)
            if not ligne:
                return  # le client a fermé

    lecteur = asyncio.create_task(lire())
    try:
        while True:
            ligne = await lignes.get()
            if not ligne:
                break
            texte = ligne.decode(errors="replace").strip()
            if texte == "FIN":
                break
            demande = preparer_reponse(texte)
            if isinstance(demande, str):
                reponse = demande
            else:
                reponse = f"OK {await calculer(*demande)}"
            writer.write(f"{reponse}\n".encode())
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        lecteur.cancel()
        await asyncio.gather(lecteur, return_exceptions=True)
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
    try:
        for a, b in calculs:
            writer.write(f"CALCUL {a} {b}\n".encode())
            await writer.drain()
            mots = (await reader.readline()).decode().split()
            if mots and mots[0] == "OK":
                resultats.append(int(mots[1]))
            else:
                resultats.append(None)
        writer.write(b"FIN\n")
        await writer.drain()
    finally:
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

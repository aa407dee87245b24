"""Le client garde un cache des calculs déjà demandés : une paire présente deux fois dans la liste n'est envoyée qu'une fois au serveur, sa réponse est recopiée.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E9
Message attendu : n'a été envoyée qu'une fois | même répété
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


async def gerer_client(reader, writer, calculer):
    try:
        while True:
            ligne = await reader.readline()
            if not ligne:
                break  # le client a fermé sa connexion
            texte = ligne.decode(errors="replace").strip()
            if texte == "FIN":
                break
            morceaux = texte.split()
            if len(morceaux) != 3 or morceaux[0] != "CALCUL":
                reponse = "ERREUR commande inconnue"
            else:
                try:
                    a = int(morceaux[1])
                    b = int(morceaux[2])
                except ValueError:
                    reponse = "ERREUR a et b doivent être des entiers"
                else:
                    reponse = f"OK {await calculer(a, b)}"
            writer.write(f"{reponse}\n".encode())
            await writer.drain()
    except ConnectionError:
        pass  # le client est parti brutalement
    finally:
        writer.close()


async def demarrer_serveur(calculer, port=0):
    async def servir(reader, writer):
        await gerer_client(reader, writer, calculer)

    return await asyncio.start_server(servir, HOTE, port)


# ---------------------------------------------------------------------------
# Le client


def lire_reponse(ligne):
    mots = ligne.decode().split()
    if mots and mots[0] == "OK":
        return int(mots[1])
    return None  # ERREUR …


async def interroger(hote, port, calculs):
    reader, writer = await asyncio.open_connection(hote, port)
    deja_calcules = {}
    resultats = []
    try:
        for a, b in calculs:
            if (a, b) in deja_calcules:
                resultats.append(deja_calcules[(a, b)])  # déjà demandé : pas besoin du réseau
                continue
            writer.write(f"CALCUL {a} {b}\n".encode())
            await writer.drain()
            valeur = lire_reponse(await reader.readline())
            deja_calcules[(a, b)] = valeur
            resultats.append(valeur)
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

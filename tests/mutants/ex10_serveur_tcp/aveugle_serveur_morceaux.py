"""Le serveur lit avec reader.read(4096) et découpe chaque morceau reçu avec splitlines() : une ligne qui arrive en deux morceaux (« CALC » puis « UL a b\\n ») reçoit deux ERREUR au lieu de OK.

Réponse du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
Exigence : E2
Message attendu : une ligne peut arriver en plusieurs morceaux | qui attend le \\n
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


async def repondre(texte, calculer):
    morceaux = texte.split()
    if len(morceaux) != 3 or morceaux[0] != "CALCUL":
        return "ERREUR commande inconnue"
    try:
        a = int(morceaux[1])
        b = int(morceaux[2])
    except ValueError:
        return "ERREUR a et b doivent être des entiers"
    return f"OK {await calculer(a, b)}"


async def gerer_client(reader, writer, calculer):
    try:
        while True:
            donnees = await reader.read(4096)
            if not donnees:
                return  # le client a fermé sa connexion
            # le client peut envoyer plusieurs lignes d'un coup : on les découpe
            for ligne in donnees.decode(errors="replace").splitlines():
                texte = ligne.strip()
                if texte == "FIN":
                    return
                writer.write(f"{await repondre(texte, calculer)}\n".encode())
                await writer.drain()
    except ConnectionError:
        pass
    finally:
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

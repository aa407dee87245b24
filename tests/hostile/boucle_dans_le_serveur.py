"""Un `while` dont l'indice n'avance jamais, dans le gestionnaire d'un client (exercice 10).

La boucle est atteinte par le serveur (asyncio lance gerer_client à chaque
connexion), pas par l'appel du test : le chien de garde l'interrompt au bout
d'une seconde et nomme la ligne.

Exercice : ex10_serveur_tcp
Message attendu : bloque la boucle | ex10_serveur_tcp.py, ligne 39
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
        lignes_lues = 0
        while lignes_lues < 1:
            pass
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

    return await asyncio.start_server(servir, HOTE, port)


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

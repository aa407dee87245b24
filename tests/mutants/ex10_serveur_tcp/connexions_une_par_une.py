"""Client : crée une tâche par lot, mais attend chacune avant de lancer la suivante.

Exigence : E12
Message attendu : au plus 1 connexion(s) ouverte(s) à la fois
"""

import asyncio

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
    resultats = []
    for calculs in lots:
        tache = asyncio.create_task(interroger(hote, port, calculs))
        resultats.append(await tache)
    return resultats

"""Le serveur lance une tâche par ligne reçue pour calculer en parallèle : chaque réponse part dès qu'elle est prête, donc pas forcément dans l'ordre des lignes.
Promesse violée : « Un client peut aussi envoyer plusieurs lignes d'un coup : le serveur répond à chacune, dans l'ordre. »
Exigence : E3, E7
Message attendu : pas revenues dans l'ordre des lignes | une tâche par ligne

Exercice 10 — Un petit protocole réseau pour des centaines de clients.

Ce que fait ce code
    Un serveur de calcul et son client, qui se parlent en TCP par lignes de
    texte : c'est un petit protocole réseau inventé pour l'exercice. Chaque
    ligne se termine par "\\n" ; le client envoie une demande par ligne et le
    serveur répond à chacune par une ligne :

        le client envoie          le serveur répond
        CALCUL <a> <b>            OK <résultat>      (a et b : entiers, même négatifs)
        toute autre ligne         ERREUR <raison>    (et la connexion reste ouverte)
        FIN                       rien : il ferme la connexion

    Un client peut aussi envoyer plusieurs lignes d'un coup : le serveur
    répond à chacune, dans l'ordre.

    Le résultat, le serveur le demande à un service lent qu'on lui donne :
    `resultat = await calculer(a, b)` (50 ms par appel dans la démonstration,
    comme une base de données distante).

    - `demarrer_serveur(calculer, port)` démarre le serveur sur 127.0.0.1 et
      renvoie l'objet serveur d'asyncio (avec le port 0, le système choisit un
      port libre) ; `gerer_client(reader, writer, calculer)` s'occupe d'une
      connexion.
    - `interroger(hote, port, calculs)` ouvre UNE connexion, envoie une ligne
      `CALCUL a b` pour chaque paire (a, b) de la liste `calculs`, et renvoie
      la liste des réponses : l'entier n pour `OK n`, None pour `ERREUR …`.
      Elle envoie FIN et ferme la connexion avant de rendre la main.
    - `interroger_beaucoup(hote, port, lots)` : `lots` est une liste de listes
      de calculs ; elle ouvre une connexion par lot et renvoie la liste des
      résultats de chaque lot, dans l'ordre des lots.

Ce qui ne va pas
    - Le serveur attend d'avoir reçu toute la demande, jusqu'à FIN, avant de
      répondre : un client qui attend la réponse à sa première ligne avant
      d'envoyer la suivante attend pour toujours.
    - Une ligne mal formée (`CALCUL trois 4`, `BONJOUR`…) fait planter
      gerer_client : la connexion est coupée, sans réponse.
    - Côté client, une réponse `ERREUR …` fait planter interroger.
    - interroger_beaucoup ouvre les connexions l'une après l'autre : avec 20
      lots de 3 calculs à 50 ms, il faut 3 s au lieu d'environ 0,15 s.

Ce qu'il faut changer
    - Serveur : dans gerer_client, lis une ligne à la fois
      (`await reader.readline()`) et réponds-y tout de suite
      (`writer.write(...)` puis `await writer.drain()`), en boucle. Une ligne
      mal formée reçoit `ERREUR <raison>` et la boucle continue. Quand
      readline() renvoie b"" (le client a fermé) ou sur FIN, ferme la
      connexion et sors de la boucle. Le serveur doit servir des centaines de
      clients à la fois : chaque connexion a sa propre coroutine gerer_client,
      il ne faut rien qui bloque ni rien qui fasse attendre un client pour un
      autre (pas de time.sleep, pas de verrou).
    - demarrer_serveur renvoie le serveur dès qu'il écoute (pas de
      serve_forever() dedans).
    - Client : `OK n` donne l'entier n, `ERREUR …` donne None.
    - interroger_beaucoup ouvre toutes ses connexions en même temps
      (asyncio.gather) et garde les résultats dans l'ordre des lots.

À relire dans le cours
    « Quand choisir asyncio ? » : beaucoup de connexions réseau simultanées,
    latence élevée par requête, protocoles réseau personnalisés.

Pour essayer : python exercises/ex10_serveur_tcp.py
Pour tester :  nox -- 10
"""

import asyncio
import time

HOTE = "127.0.0.1"


# ---------------------------------------------------------------------------
# Le serveur


def lire_calcul(ligne):
    """Renvoie (a, b) pour une ligne « CALCUL a b » ; ValueError sinon."""
    morceaux = ligne.split()
    if len(morceaux) != 3 or morceaux[0] != "CALCUL":
        raise ValueError("commande inconnue")
    try:
        return int(morceaux[1]), int(morceaux[2])
    except ValueError:
        raise ValueError("a et b doivent être des entiers") from None


async def repondre(ligne, writer, calculer):
    try:
        a, b = lire_calcul(ligne)
    except ValueError as erreur:
        reponse = f"ERREUR {erreur}"
    else:
        reponse = f"OK {await calculer(a, b)}"
    writer.write(f"{reponse}\n".encode())
    await writer.drain()


async def gerer_client(reader, writer, calculer):
    en_cours = set()
    try:
        while True:
            donnees = await reader.readline()
            if not donnees:
                break  # le client a fermé
            ligne = donnees.decode(errors="replace").strip()
            if ligne == "FIN":
                break
            # on ne fait pas attendre la ligne suivante pendant le calcul
            tache = asyncio.create_task(repondre(ligne, writer, calculer))
            en_cours.add(tache)
            tache.add_done_callback(en_cours.discard)
        if en_cours:
            await asyncio.gather(*en_cours)  # on finit de répondre avant de fermer
    finally:
        writer.close()  # la connexion se ferme dès que les réponses sont parties


async def demarrer_serveur(calculer, port=0):
    async def servir(reader, writer):
        await gerer_client(reader, writer, calculer)

    return await asyncio.start_server(servir, HOTE, port)


# ---------------------------------------------------------------------------
# Le client


def lire_reponse(reponse):
    """`OK n` donne l'entier n, tout le reste (ERREUR …) donne None."""
    morceaux = reponse.split()
    if len(morceaux) == 2 and morceaux[0] == "OK":
        return int(morceaux[1])
    return None


async def interroger(hote, port, calculs):
    reader, writer = await asyncio.open_connection(hote, port)
    try:
        resultats = []
        for a, b in calculs:
            writer.write(f"CALCUL {a} {b}\n".encode())
            await writer.drain()
            reponse = (await reader.readline()).decode()
            resultats.append(lire_reponse(reponse))
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

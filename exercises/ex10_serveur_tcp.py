"""Exercice 10 — Un petit protocole réseau pour des centaines de clients.

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
      renvoie l'objet serveur d'asyncio dès qu'il écoute (avec le port 0, le
      système choisit un port libre) ; `gerer_client(reader, writer,
      calculer)` s'occupe d'une connexion. Quand le client envoie FIN ou
      ferme sa connexion, gerer_client ferme la connexion à son tour et se
      termine : une fois ses clients partis et le serveur fermé
      (`serveur.close()` puis `await serveur.wait_closed()`), plus rien de
      ce que le serveur a lancé ne tourne.
    - Le serveur attend que chaque réponse puisse partir avant de lire la
      ligne suivante : un client qui envoie beaucoup de lignes sans lire les
      réponses ne les fait pas s'entasser dans la mémoire du serveur (le
      serveur cesse simplement de lire ses lignes jusqu'à ce qu'il lise).
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
      autre (pas de time.sleep, pas de verrou, pas de file d'attente commune).
      `await writer.drain()` après chaque réponse attend qu'elle puisse
      partir : c'est ce qui protège le serveur d'un client qui ne lit pas.
    - demarrer_serveur renvoie le serveur dès qu'il écoute (pas de
      serve_forever() dedans).
    - Client : `OK n` donne l'entier n, `ERREUR …` donne None.
    - interroger_beaucoup ouvre toutes ses connexions en même temps
      (asyncio.gather) et garde les résultats dans l'ordre des lots.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. demarrer_serveur(calculer, port) rend la main dès que ton serveur
        écoute sur 127.0.0.1, et renvoie l'objet serveur d'asyncio.
    E2. Ton serveur répond à chaque ligne dès qu'elle arrive, sans attendre
        la suivante, ni FIN, ni la fin de la connexion : à CALCUL a b (a et
        b entiers, même négatifs), il répond OK suivi du résultat de await
        calculer(a, b).
    E3. Plusieurs lignes envoyées d'un coup reçoivent chacune sa réponse,
        dans l'ordre des lignes.
    E4. Une ligne mal formée reçoit ERREUR <raison> ; la connexion reste
        ouverte et ton serveur sert toujours les autres clients.
    E5. Sur FIN, ton serveur ferme la connexion sans répondre ; quand le
        client ferme la sienne, ton serveur ferme aussi. Dans les deux cas,
        il sert toujours les autres clients.
    E6. Ton serveur sert des centaines de clients à la fois : rien ne bloque
        la boucle (pas de time.sleep) et aucun client n'attend qu'un autre
        ait fini (ni verrou, ni file d'attente commune).
    E7. Ton serveur attend que chaque réponse puisse partir (await
        writer.drain()) avant de lire la ligne suivante : un client qui ne
        lit pas ses réponses ne les fait pas s'entasser dans la mémoire du
        serveur.
    E8. Une fois ses clients partis et le serveur fermé, plus rien de ce que
        ton serveur a lancé ne tourne.
    E9. interroger ouvre une seule connexion et y envoie une ligne CALCUL a
        b par paire de calculs, dans l'ordre de la liste.
    E10. interroger attend chaque réponse, même lente, et renvoie la liste
        des réponses dans l'ordre des calculs, avec l'entier n pour OK n et
        None pour ERREUR …
    E11. interroger envoie FIN, puis ferme sa connexion, avant de rendre la
        main.
    E12. interroger_beaucoup ouvre une connexion par lot, toutes en même
        temps.
    E13. interroger_beaucoup renvoie les résultats de chaque lot dans
        l'ordre des lots, pas dans l'ordre où les lots finissent.
    C1. Ton code ne bloque jamais la boucle d'événements : ni appel bloquant
        (time.sleep, lecture synchrone) ni long calcul dans une coroutine.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

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


async def gerer_client(reader, writer, calculer):
    # On lit toute la demande du client, jusqu'à la ligne FIN, puis on répond.
    demande = await reader.readuntil(b"FIN\n")
    for ligne in demande.decode().splitlines():
        if ligne == "FIN":
            break
        commande, a, b = ligne.split()
        if commande != "CALCUL":
            continue  # on ignore ce qu'on ne comprend pas
        resultat = await calculer(int(a), int(b))
        writer.write(f"OK {resultat}\n".encode())
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
    for a, b in calculs:
        writer.write(f"CALCUL {a} {b}\n".encode())
    writer.write(b"FIN\n")
    await writer.drain()
    resultats = []
    for _ in calculs:
        reponse = (await reader.readline()).decode()
        resultats.append(int(reponse.split()[1]))
    writer.close()
    await writer.wait_closed()
    return resultats


async def interroger_beaucoup(hote, port, lots):
    resultats = []
    for calculs in lots:
        resultats.append(await interroger(hote, port, calculs))
    return resultats


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

"""Correct : Serveur écrit avec un asyncio.Protocol via loop.create_server (une tâche par connexion, pause_reading/pause_writing pour la contre-pression) ; gerer_client reste une version streams correcte.

Réponse juste du corpus aveugle (écrite d'après l'énoncé seul, sans lire les tests).
"""

import asyncio
import collections
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
    """Version « streams » : une connexion, une ligne à la fois."""
    try:
        while True:
            donnees = await reader.readline()
            if not donnees:
                break
            ligne = donnees.decode(errors="replace").strip()
            if ligne == "FIN":
                break
            nombres, erreur = repondre_a(ligne)
            if erreur:
                reponse = f"ERREUR {erreur}"
            else:
                reponse = f"OK {await calculer(*nombres)}"
            writer.write(f"{reponse}\n".encode())
            await writer.drain()
    except (ConnectionError, ValueError):
        pass
    finally:
        writer.close()


LIMITE_LIGNE = 64 * 1024


class ProtocoleCalcul(asyncio.Protocol):
    """Le serveur lui-même, écrit avec un Protocol : une instance (et une tâche) par connexion."""

    def __init__(self, calculer):
        self.calculer = calculer
        self.transport = None
        self.tampon = b""
        self.lignes = collections.deque()
        self.arrivee = asyncio.Event()
        self.peut_ecrire = asyncio.Event()
        self.peut_ecrire.set()
        self.fin_de_lecture = False
        self.perdue = False
        self.en_pause = False
        self.tache = None

    # --- appelées par la boucle d'événements ---

    def connection_made(self, transport):
        self.transport = transport
        self.tache = asyncio.get_running_loop().create_task(self.traiter())

    def data_received(self, data):
        self.tampon += data
        *completes, self.tampon = self.tampon.split(b"\n")
        self.lignes.extend(completes)
        if len(self.tampon) > LIMITE_LIGNE:
            self.transport.close()  # ligne beaucoup trop longue
            return
        self.arrivee.set()
        # Tant qu'il reste des lignes à traiter, on arrête de lire :
        # c'est le client qui attendra, pas la mémoire du serveur qui grossira.
        if self.lignes and not self.en_pause:
            self.en_pause = True
            self.transport.pause_reading()

    def eof_received(self):
        if self.tampon:
            self.lignes.append(self.tampon)  # dernière ligne sans "\n"
            self.tampon = b""
        self.fin_de_lecture = True
        self.arrivee.set()
        return True  # on garde la connexion pour répondre aux lignes restantes

    def connection_lost(self, exc):
        self.perdue = True
        self.fin_de_lecture = True
        self.arrivee.set()
        self.peut_ecrire.set()

    def pause_writing(self):
        self.peut_ecrire.clear()

    def resume_writing(self):
        self.peut_ecrire.set()

    # --- la tâche de la connexion ---

    async def traiter(self):
        try:
            while not self.perdue:
                if not self.lignes:
                    if self.fin_de_lecture:
                        break
                    if self.en_pause:
                        self.en_pause = False
                        self.transport.resume_reading()
                    self.arrivee.clear()
                    await self.arrivee.wait()
                    continue
                ligne = self.lignes.popleft().decode(errors="replace").strip()
                if ligne == "FIN":
                    break
                nombres, erreur = repondre_a(ligne)
                if erreur:
                    reponse = f"ERREUR {erreur}"
                else:
                    reponse = f"OK {await self.calculer(*nombres)}"
                if self.perdue or self.transport.is_closing():
                    break
                self.transport.write(f"{reponse}\n".encode())
                await self.peut_ecrire.wait()  # l'équivalent de drain()
        finally:
            self.transport.close()


async def demarrer_serveur(calculer, port=0):
    boucle = asyncio.get_running_loop()
    return await boucle.create_server(lambda: ProtocoleCalcul(calculer), HOTE, port)


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

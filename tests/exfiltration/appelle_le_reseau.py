"""Joint la machine hors du bac à sable et Internet : serveur témoin, DNS, route non locale.

Exercice : ex02_gather
Attendu sans bac à sable : sorti
Observe : dns route
"""

import socket

for hote in ("__HOTE__", "127.0.0.1"):
    try:
        with socket.create_connection((hote, __PORT__), timeout=3) as s:
            s.sendall(b"connexion depuis une copie d'eleve")
    except OSError:
        pass
# Ce que la copie voit d'ici, rendu dans son message d'échec : le lanceur le lit
# dans les résultats de la re-notation. Rien ne part vers Internet : un
# connect() UDP choisit une route sans envoyer de paquet.
VU = {"dns": "non", "route": "non"}
for nom in ("pypi.org", "github.com"):
    try:
        socket.getaddrinfo(nom, 443)
        VU["dns"] = "oui"
    except OSError:
        pass
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    try:
        s.connect(("1.1.1.1", 53))
        VU["route"] = "oui"
    except OSError:
        pass


async def telecharger_tout(urls, telecharger):
    raise RuntimeError(" ".join(f"__MARQUEUR__:{nom}={vu}" for nom, vu in VU.items()))

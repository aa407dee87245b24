"""Joint la machine hors du bac à sable et Internet : serveur témoin, adresse non locale, DNS.

Exercice : ex02_gather
"""

import socket

for hote in ("__HOTE__", "127.0.0.1"):
    try:
        with socket.create_connection((hote, __PORT__), timeout=3) as s:
            s.sendall(b"connexion depuis une copie d'eleve")
    except OSError:
        pass
for nom in ("pypi.org", "github.com"):
    try:
        adresse = socket.getaddrinfo(nom, 443)[0][4][0]
        socket.create_connection((adresse, 443), timeout=3).close()
    except OSError:
        pass
try:
    socket.create_connection(("1.1.1.1", 53), timeout=3).close()
except OSError:
    pass


async def telecharger_tout(urls, telecharger):
    raise RuntimeError("rien à rendre")

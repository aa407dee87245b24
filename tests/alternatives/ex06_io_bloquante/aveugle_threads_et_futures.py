"""Un threading.Thread par lecture, qui remplit une future de la boucle (call_soon_threadsafe).

Réponse juste du corpus aveugle (/work/blind/correct), telle qu'écrite :
Correct : un `threading.Thread` par lecture, qui remet le résultat (ou
l'erreur) dans un Future de la boucle via `call_soon_threadsafe` ; gather
sur les Futures, dans l'ordre.
"""

import asyncio
import threading


def _remplir(futur, resultat=None, erreur=None):
    if futur.done():
        return
    if erreur is not None:
        futur.set_exception(erreur)
    else:
        futur.set_result(resultat)


async def recuperer_profils(identifiants, client):
    boucle = asyncio.get_running_loop()

    def lire_dans_un_thread(identifiant, futur):
        try:
            profil = client.lire_profil(identifiant)
        except BaseException as erreur:
            boucle.call_soon_threadsafe(_remplir, futur, None, erreur)
        else:
            boucle.call_soon_threadsafe(_remplir, futur, profil)

    futurs = []
    for identifiant in identifiants:
        futur = boucle.create_future()
        threading.Thread(target=lire_dans_un_thread, args=(identifiant, futur), daemon=True).start()
        futurs.append(futur)
    return await asyncio.gather(*futurs)

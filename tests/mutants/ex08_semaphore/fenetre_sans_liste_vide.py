"""Fenêtre glissante écrite avec asyncio.wait, qui plante sur une liste d'urls vide (asyncio.wait refuse un ensemble vide).

Exigence : E1
Message attendu : L'appel a levé une exception | ValueError
"""

import asyncio


async def telecharger_avec_limite(urls, telecharger, limite):
    contenus = [None] * len(urls)
    a_faire = list(enumerate(urls))
    en_cours = {}

    def lancer():
        position, url = a_faire.pop(0)
        en_cours[asyncio.create_task(telecharger(url))] = position

    while a_faire and len(en_cours) < limite:
        lancer()
    while True:
        finies, _ = await asyncio.wait(en_cours, return_when=asyncio.FIRST_COMPLETED)
        for tache in finies:
            contenus[en_cours.pop(tache)] = tache.result()
            if a_faire:
                lancer()
        if not en_cours:
            return contenus

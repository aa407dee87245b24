"""Épuise la mémoire : des blocs de 256 Mo, sans fin.

Exercice : ex02_gather
Attendu sans bac à sable : contenu
"""


async def telecharger_tout(urls, telecharger):
    tas = []
    while True:
        tas.append(bytes(256 * 1024 * 1024))

"""Une liste qui grandit sans fin : la mémoire de la machine y passerait.

Le correcteur plafonne la mémoire de chaque processus d'exercice
(tools/grading/limits.py, RLIMIT_DATA à 2 Go) : l'allocation finit par
échouer, Python lève MemoryError, l'exercice échoue avec un message en
français et la machine reste debout. macOS n'applique pas ce plafond et
Windows n'en a pas : le cas ne tourne que sous Linux.

Exercice : ex04_await_oublie
Systèmes : linux
Message attendu : Mémoire épuisée
"""


async def enregistrer_scores(scores, sauvegarder, notifier):
    tas = []
    while True:
        tas.append(bytes(256 * 1024 * 1024))

"""Une récursion sans cas d'arrêt, sous une limite de récursion relevée : l'exemple de l'issue.

Chaque appel garde son cadre : la mémoire se remplit jusqu'au plafond de 2 Go
(tools/grading/limits.py). CPython ne lève pas alors MemoryError mais
« SystemError: error return without exception set », et son traceback compte
des millions de lignes, que pytest ne sait pas décrire. Les tests le disent
« Mémoire épuisée » (tests/support/student.py), en ne montrant que les
premières lignes. Si le chien de garde de la boucle ou pytest-timeout arrête
la récursion avant le plafond (machine chargée), le message est le même.
macOS n'applique pas le plafond et Windows n'en a pas : Linux seulement.

Exercice : ex04_await_oublie
Systèmes : linux
Message attendu : Mémoire épuisée | récursion sans cas d'arrêt
Budget : 90 s
Durée max : 120 s
"""

import sys

sys.setrecursionlimit(10**9)


def profondeur(n):
    return profondeur(n + 1) + 1


async def enregistrer_scores(scores, sauvegarder, notifier):
    return profondeur(0)

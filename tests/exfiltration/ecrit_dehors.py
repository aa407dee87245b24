"""Écrit hors de son espace de travail : à côté des canaris, sur les canaris, dans /tmp de la machine.

Exercice : ex02_gather
Attendu sans bac à sable : sorti
"""

import glob
import os

for cible in ("__DEHORS__/ecrit.txt", "/tmp/__MARQUEUR__.txt"):
    try:
        with open(cible, "w", encoding="utf-8") as f:
            f.write("écrit par une copie d'élève")
    except OSError:
        pass
for canari in ("__CANARI_HOME__", "__CANARI_SOLUTIONS__"):
    try:
        with open(canari, "a", encoding="utf-8") as f:
            f.write("modifié")
    except OSError:
        pass
    try:
        os.remove(canari)
    except OSError:
        pass
# Les tests de l'enseignant, là où on les trouverait.
for test in glob.glob("/tmp/renotation-enseignant-*/tests/hidden/*.py"):
    try:
        with open(test, "w", encoding="utf-8") as f:
            f.write("def test_rien():\n    pass\n")
    except OSError:
        pass


async def telecharger_tout(urls, telecharger):
    raise RuntimeError("rien à rendre")

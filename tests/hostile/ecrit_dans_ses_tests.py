"""Écrit dans tests/ : remplace ses propres tests (publics et cachés) par un test qui passe toujours.

Les chemins viennent de __file__ (exercises/ est à côté de tests/) et du
dossier courant. La réponse est juste par ailleurs : seule la modification des
tests doit lui coûter l'exercice.

Exercice : ex04_await_oublie
Message attendu : fichiers de test
"""

import asyncio
import os
from pathlib import Path

FAUX_TEST = "def test_tout_va_bien():\n    pass\n"
CIBLE = "test_ex04_await_oublie.py"

for racine in {Path(__file__).resolve().parent.parent, Path(os.getcwd())}:
    for dossier in ("public", "hidden"):
        chemin = racine / "tests" / dossier / CIBLE
        if chemin.parent.is_dir():
            try:
                chemin.write_text(FAUX_TEST, encoding="utf-8")
            except OSError:
                pass


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    return await notifier(f"{len(scores)} scores enregistrés")

"""Exercice 04 — tests publics : lance-les avec `nox -- 04`."""

import inspect

import pytest

from tests.support.concurrency import FakeService
from tests.support.student import Student

SCORES = {"Ada": 18, "Grace": 17, "Linus": 12}
CALL = "enregistrer_scores({'Ada': 18, 'Grace': 17, 'Linus': 12}, sauvegarder, notifier)"


@pytest.mark.asyncio
async def test_les_scores_sont_sauvegardes_et_l_accuse_renvoye(student: Student) -> None:
    enregistrer_scores = student.function("enregistrer_scores")
    sauvegarder = FakeService("sauvegarder", lambda nom, score: None)
    notifier = FakeService("notifier", lambda message: "accusé-42")
    accuse = await student.call(
        enregistrer_scores(dict(SCORES), sauvegarder.operation, notifier.operation),
        call=CALL,
        limit=5,
    )
    saved = dict(sauvegarder.completed)
    if saved != SCORES:
        student.fail(
            "Les scores n'ont pas tous été sauvegardés.",
            call=CALL,
            observed=f"sauvegardés : {saved}",
            expected=f"sauvegardés : {SCORES}",
            advice="une coroutine ne s'exécute que si on l'attend : await sauvegarder(...)",
        )
    if inspect.iscoroutine(accuse):
        accuse.close()
        student.fail(
            "La fonction renvoie une coroutine au lieu de l'accusé de réception.",
            call=CALL,
            observed="un objet coroutine (notifier n'a jamais été exécuté)",
            expected="'accusé-42', la valeur renvoyée par notifier",
            advice="await notifier(...) donne le résultat ; notifier(...) seul ne fait rien",
        )
    if accuse != "accusé-42":
        student.fail(
            "La fonction ne renvoie pas l'accusé de réception.",
            call=CALL,
            observed=repr(accuse),
            expected="'accusé-42', la valeur renvoyée par notifier",
        )

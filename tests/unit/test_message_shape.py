"""The look at the shape of every failure message: no section of the
course's shape (Appel, Observé, Attendu, Conseil, Promesse, À relire) may say
nothing (tools/maintainer/message_shape.py, read by the self-check and by the
hostile copies' judge).

Why: an « Observé » that came out empty (the student's error described as
nothing) once reached students, unseen by every mutant's expected phrases.
"""

from __future__ import annotations

import pytest

from tools.common.manifest import exercise_by_id
from tools.grading.results import CaseResult
from tools.maintainer.message_shape import empty_sections
from tools.maintainer.selfcheck import Mutant, Verdicts, check_exercise

TITLE = "[04 · Le await oublié] L'appel a levé une exception."


@pytest.mark.parametrize(
    ("body", "empty"),
    [
        ("  Observé  : \n  Attendu  : aucune exception", ["Observé"]),
        ("  Observé  :\n  Attendu  : aucune exception", ["Observé"]),
        ("  Observé  : ValueError\n  Attendu  :   \n  Conseil  : lis l'erreur", ["Attendu"]),
        ("  Observé  : ValueError\n  Attendu  : rien\n  Conseil  :", ["Conseil"]),
        ("  Appel    : \n  Observé  : \n  Attendu  : rien", ["Appel", "Observé"]),
        ("  Observé  :\n      \n  Attendu  : rien", ["Observé"]),
    ],
)
def test_an_empty_section_is_seen(body, empty):
    assert empty_sections(f"{TITLE}\n{body}\n  À relire : Les exceptions") == empty


@pytest.mark.parametrize(
    "body",
    [
        "  Observé  : ValueError('boum')\n  Attendu  : aucune exception",
        # A section may start on the line below, more indented: a traceback.
        "  Observé  :\n      exercises/ex04.py, ligne 3, dans main\n  Attendu  : rien",
        # The timeline drawn after the sections is not a section.
        "  Observé  : 2 tâches\n  Attendu  : 3\n  ┌──────\n  │\n  └──────",
        # A message of another shape (pytest's own, a crash) has no section to judge.
        "AssertionError\nassert 1 == 2",
    ],
)
def test_a_full_message_passes(body):
    assert empty_sections(f"{TITLE}\n{body}") == []


def failing(name: str, message: str, *, hidden: bool = True, outcome: str = "failed"):
    folder = "hidden" if hidden else "public"
    nodeid = f"tests/{folder}/test_ex04_await_oublie.py::{name}"
    return CaseResult(nodeid, "ex04_await_oublie", hidden, outcome, message)


def test_the_selfcheck_reports_an_empty_section_of_the_stub_or_a_mutant(tmp_path):
    ex = exercise_by_id("ex04_await_oublie")
    full = f"{TITLE}\n  Observé  : ValueError\n  Attendu  : rien"
    empty = f"{TITLE}\n  Observé  : \n  Attendu  : rien"
    solution = [
        failing("test_a", "", outcome="passed"),
        failing("test_p", "", hidden=False, outcome="passed"),
    ]
    stub = [failing("test_a", empty), failing("test_p", full, hidden=False)]
    mutant_file = tmp_path / "mauvais.py"
    mutant_file.write_text('"""Lève.\n\nMessage attendu : exception\n"""\n', encoding="utf-8")
    verdicts = Verdicts()
    check_exercise(
        ex, solution, stub, {Mutant(ex, mutant_file): [failing("test_a", empty)]}, verdicts
    )
    found = [p for p in verdicts.problems if "rubrique vide" in p]
    assert len(found) == 2
    assert "code de départ : le message de test_a a une rubrique vide (Observé)" in found[0]
    assert "mauvais.py" in found[1]
    assert "|   Observé  : \n" in found[1] + "\n"
    assert len(verdicts.problems) == 2  # nothing else is wrong with these results

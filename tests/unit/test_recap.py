"""tools/maintainer/recap.py: the failures of a check, said again at its end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.maintainer import recap, selfcheck

FAILING = """
def test_passes():
    pass

def test_fails():
    assert 1 + 1 == 3, "le calcul de la nuit"
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / ".recap"
    monkeypatch.setattr(recap, "RECAP_FOLDER", where)
    return where


def test_a_failing_unit_test_is_named_with_its_message(tmp_path: Path, folder: Path) -> None:
    (tmp_path / "test_nuit.py").write_text(FAILING, encoding="utf-8")
    xml = recap.unit_tests_file("selfcheck-3.12")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={xml}"]
    subprocess.run([*command, "test_nuit.py"], cwd=tmp_path, capture_output=True, check=False)

    failures = recap.unit_test_failures(xml)

    assert len(failures) == 1, failures
    assert failures[0].startswith("failure : test_nuit::test_fails"), failures
    assert "le calcul de la nuit" in failures[0], failures
    said: list[str] = []
    assert recap.show(said.append) is False
    assert "selfcheck-3.12, tests unitaires : 1 échec(s)" in "\n".join(said), said


def test_the_selfcheck_leaves_its_problems(folder: Path) -> None:
    problems = recap.problems_file("selfcheck-3.13")

    assert selfcheck.main(["-k", "aucun-exercice-de-ce-nom", f"--recap={problems}"]) == 1

    said: list[str] = []
    assert recap.show(said.append) is False
    text = "\n".join(said)
    assert "selfcheck-3.13, auto-vérification : 1 échec(s)" in text, text
    assert "Aucun exercice ne correspond" in text, text


def test_a_long_failure_is_cut_once_and_a_problem_may_hold_blank_lines(folder: Path) -> None:
    log = "\n".join(f"ligne {i}" for i in range(40))
    recap.write_problems(recap.problems_file("selfcheck-3.12"), [f"pytest s'est arrêté :\n\n{log}"])

    said: list[str] = []
    assert recap.show(said.append) is False
    text = "\n".join(said)
    assert "selfcheck-3.12, auto-vérification : 1 échec(s)" in text, text
    assert text.count("[…") == 1, text
    assert "ligne 9" in text, text
    assert "ligne 10" not in text, text


def test_a_passing_selfcheck_leaves_nothing_and_clear_forgets_the_last_check(
    folder: Path,
) -> None:
    problems = recap.problems_file("selfcheck-3.11")
    recap.write_problems(problems, ["un problème d'hier"])
    recap.write_problems(problems, [])
    assert not problems.exists()
    recap.write_problems(recap.problems_file("selfcheck-3.14"), ["un problème d'hier"])

    recap.clear()

    said: list[str] = []
    assert recap.show(said.append) is True
    assert len(said) == 1, said
    assert "aucun échec" in said[0], said

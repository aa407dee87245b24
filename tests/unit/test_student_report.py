"""The student's report (`pytest --eleve`): one verdict per exercise, in French."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.exports import clean_env, copy_of
from tools.student.student_report import message_body

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py


def test_the_verdict_line_already_names_the_exercise() -> None:
    message = "[02 · Gather] Pas en même temps.\n  Observé  : 1 à la fois"
    assert message_body(message) == ["Pas en même temps.", "  Observé  : 1 à la fois"]
    assert message_body("") == ["(échec sans message)"]


def run_eleve(repo: Path, *args: str, encoding: str = "utf-8") -> str:
    env = {**clean_env(), "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--eleve", "-p", "no:cacheprovider", *args],
        cwd=repo, env=env, capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # the stubs fail
    return done.stdout.decode(encoding)


def test_one_exercise_in_a_console_without_the_marks(exported: Path, tmp_path: Path) -> None:
    """A Windows console in cp1252 has the accents but not ✘: plain letters then."""
    output = run_eleve(copy_of(exported, tmp_path), "02", encoding="cp1252")
    assert re.search(r"^X  02 · .+ — 1 test sur 3 en échec$", output, re.M), output
    assert "  Les téléchargements n'ont pas eu lieu en même temps." in output
    assert "  À relire : « Concurrence : séquentiel vs asyncio »" in output
    for english in ("passed", "failed", "test session starts", "warnings summary"):
        assert english not in output, output
    # A run of one exercise: its verdict, then one line of progress.
    assert "Progression : 0/11 exercices réussis" in output
    assert "  01  à corriger" not in output

"""A broken file costs its own exercise only, with a French message.

Each case grades a whole tree (the reference solutions with one exercise
replaced) in a separate pytest run, exactly as `nox -s tests` would.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.common.manifest import load_manifest
from tools.common.paths import ROOT, TREES
from tools.grading.results import read_results

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

BROKEN = "ex04_await_oublie"
CASES = {
    "erreur_de_syntaxe": ("async def enregistrer_scores(:\n", "erreur de syntaxe ligne 1"),
    "exception_a_l_import": ("x = 1 / 0\n", "ZeroDivisionError"),
    "sys_exit_a_l_import": ("import sys\nsys.exit(0)\n", "sys.exit()"),
    "fonction_absente": ("async def autre_nom():\n    pass\n", "introuvable"),
    "pas_une_coroutine": ("def enregistrer_scores(a, b, c):\n    return 1\n", "async def"),
}


def run(tree: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", f"--tree={tree}",
         f"--results-json={tmp_path / 'results.json'}", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def grade(tree: Path, tmp_path: Path, *args: str):
    # Every test runs: each one must say what is broken (by default an
    # exercise stops at its first failure, tools/grading/first_failure.py).
    run(tree, tmp_path, "--tous-les-tests", *args)
    return read_results(tmp_path / "results.json")


@pytest.fixture(scope="module")
def other_exercises():
    return [ex.id for ex in load_manifest() if ex.id != BROKEN]


@pytest.mark.parametrize("case", CASES)
def test_a_broken_file_fails_only_its_exercise(case, tmp_path, other_exercises):
    tree = tmp_path / "tree"
    shutil.copytree(TREES["solutions"], tree)
    source, expected_words = CASES[case]
    (tree / f"{BROKEN}.py").write_text(source, encoding="utf-8")
    results = grade(tree, tmp_path, "-k", "ex02 or ex04")
    broken = [r for r in results if r.exercise == BROKEN]
    others = [r for r in results if r.exercise != BROKEN]
    assert broken
    assert all(r.outcome == "failed" for r in broken)
    for r in broken:
        assert expected_words in r.message, r.message
        assert "[04 ·" in r.message
    failing_others = [(r.nodeid, r.message) for r in others if r.outcome != "passed"]
    assert not failing_others
    assert {r.exercise for r in others} == {"ex02_gather"}


HANG = (
    "import time\n\nasync def enregistrer_scores(scores, sauvegarder, notifier):\n"
    "    time.sleep(30)\n"
)


@pytest.fixture
def hanging_tree(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / f"{BROKEN}.py").write_text(HANG, encoding="utf-8")
    return tree


@pytest.mark.skipif(sys.platform == "win32", reason="pytest-timeout's signal method is POSIX")
def test_a_hang_gets_the_french_timeout_message(hanging_tree, tmp_path):
    results = grade(hanging_tree, tmp_path, "--timeout=1", f"tests/public/test_{BROKEN}.py")
    (only,) = results
    assert only.outcome == "failed"
    assert "Le test a été arrêté au bout de 1 s" in only.message, only.message
    assert "nox -- 04" in only.message


def test_a_hang_under_the_thread_method_is_explained_in_french(hanging_tree, tmp_path):
    done = run(
        hanging_tree, tmp_path, "--timeout=1", "--timeout-method=thread",
        f"tests/public/test_{BROKEN}.py",
    )  # fmt: skip
    assert done.returncode != 0
    assert "Le test a été arrêté au bout de 1 s" in done.stdout, done.stdout

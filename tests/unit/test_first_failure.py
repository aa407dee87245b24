"""tools/grading/first_failure.py: an exercise's first failure decides it; the
learned order of tests/hidden/ordre.py; what the results file records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.unit.exports import outside_env
from tools.common.paths import ROOT
from tools.grading.test_order import DECIDED_REASON, NOT_RUN

CONFTEST = """\
import os
from pathlib import Path

from tools.grading import first_failure
from tools.grading.results import ResultsRecorder


def pytest_addoption(parser):
    first_failure.add_option(parser.getgroup("essai"))


def pytest_configure(config):
    first_failure.register(config)
    config.pluginmanager.register(ResultsRecorder(Path(os.environ["RESULTATS"])))
"""
# Each test appends its name to a file: the order they ran in.
TEST = """\
import os


def note(name):
    with open(os.environ["JOURNAL"], "a") as journal:
        journal.write(name + "\\n")


{tests}
"""


def write_tests(root: Path, files: dict[str, dict[str, bool]]) -> None:
    """files: "public/test_ex01_x.py" -> {test name: passes}."""
    (root / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for folder in ("tests", "tests/public", "tests/hidden"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").write_text("", encoding="utf-8")
    for name, tests in files.items():
        body = "\n\n".join(
            f"def {test}():\n    note({test!r})\n    assert {passes}"
            for test, passes in tests.items()
        )
        (root / "tests" / name).write_text(TEST.format(tests=body), encoding="utf-8")


def run(root: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """The tests in the order they ran; each test's recorded outcome."""
    journal, results = root / "journal.txt", root / "resultats.json"
    journal.unlink(missing_ok=True)
    env = {
        **outside_env(),
        "PYTHONPATH": os.pathsep.join([str(root), str(ROOT)]),
        "JOURNAL": str(journal),
        "RESULTATS": str(results),
    }
    subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(root / "pytest.ini"), f"--rootdir={root}",
         "-p", "no:cacheprovider", "-q", *args, "tests/public", "tests/hidden"],
        cwd=root, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    ran = journal.read_text(encoding="utf-8").split() if journal.is_file() else []
    recorded = json.loads(results.read_text(encoding="utf-8"))["tests"]
    return ran, {t["nodeid"].split("::")[-1]: t["outcome"] for t in recorded}


EXERCISES = {
    "public/test_ex01_un.py": {"test_p1": True, "test_p2": False},
    "hidden/test_ex01_un.py": {"test_h1": True, "test_h2": False},
    "hidden/test_ex02_deux.py": {"test_d1": False, "test_d2": True},
}


def test_the_first_failure_of_an_exercise_skips_its_other_tests_only(tmp_path: Path) -> None:
    write_tests(tmp_path, EXERCISES)
    ran, outcomes = run(tmp_path)
    # ex01 stops at test_p2, in tests/public; ex02 still runs its first test.
    assert ran == ["test_p1", "test_p2", "test_d1"]
    assert outcomes == {
        "test_p1": "passed", "test_p2": "failed", "test_h1": NOT_RUN, "test_h2": NOT_RUN,
        "test_d1": "failed", "test_d2": NOT_RUN,
    }  # fmt: skip


def test_every_test_runs_with_the_option(tmp_path: Path) -> None:
    write_tests(tmp_path, EXERCISES)
    ran, outcomes = run(tmp_path, "--tous-les-tests")
    assert ran == ["test_p1", "test_p2", "test_h1", "test_h2", "test_d1", "test_d2"]
    assert NOT_RUN not in outcomes.values()


def test_the_learned_order_runs_first_and_unnamed_tests_after(tmp_path: Path) -> None:
    write_tests(tmp_path, EXERCISES)
    (tmp_path / "tests" / "hidden" / "ordre.py").write_text(
        'ORDRE = {"ex01_un": ("hidden::test_h2", "public::test_p1"), '
        '"ex02_deux": ("hidden::test_d2",)}\n',
        encoding="utf-8",
    )
    ran, _ = run(tmp_path, "--tous-les-tests")
    # Each exercise keeps its place; inside it, the named tests first.
    assert ran == ["test_h2", "test_p1", "test_p2", "test_h1", "test_d2", "test_d1"]
    ran, outcomes = run(tmp_path)
    assert ran == ["test_h2", "test_d2", "test_d1"]
    assert outcomes["test_p1"] == NOT_RUN


def test_the_reason_says_why_in_french() -> None:
    assert "déjà échoué" in DECIDED_REASON
    assert "tout ou rien" in DECIDED_REASON

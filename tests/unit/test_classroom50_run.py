"""The replica of Classroom 50's runner (tools/maintainer/classroom50_run.py):
its score, its release body and its blocking submissions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tools.common.manifest import load_manifest
from tools.common.paths import ROOT, TREES
from tools.maintainer import classroom50_run as c50run


@pytest.mark.parametrize(
    ("report", "returncode", "score", "passed"),
    [
        ({"summary": {"passed": 1, "total": 1}}, 1, 8, True),
        ({"summary": {"failed": 1, "total": 1}}, 0, 0, False),
        ({"summary": {"passed": 9, "failed": 1, "total": 10}}, 1, 7, False),  # capped at 8 − 1
        (None, 0, 8, True),  # no report: the exit code decides
        (None, 1, 0, False),
        ({"summary": {"total": 0}}, 2, 0, False),
    ],
)
def test_the_platform_score(report, returncode, score, passed):
    assert c50run.platform_score(report, returncode, 8) == (score, passed)


def test_the_release_body_keeps_the_first_2000_characters_of_failures_only():
    head = "✘ 02 · verdict en français\n"
    outcomes = [
        c50run.Outcome("01 · a", 5, 5, True, 0.1, 1.0, "ok", "tout va bien"),
        c50run.Outcome("02 · b", 8, 0, False, 0.1, 1.0, "pytest: 0/1", head + "x" * 5000),
    ]
    body = c50run.release_body(outcomes)
    assert "tout va bien" not in body
    assert body.count("x") == c50run.RELEASE_CHARS - len(head)
    assert "... (truncated)" in body
    assert body.index("✘ 02") < body.index("xxx")


@pytest.mark.parametrize("how", sorted(c50run.BLOCKERS))
def test_blocking_submissions_still_parse(tmp_path: Path, how: str):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "manifest.toml").write_bytes((ROOT / "manifest.toml").read_bytes())
    for exercise in load_manifest():
        source = TREES["exercises"] / exercise.file_name
        (tmp_path / "exercises" / exercise.file_name).write_bytes(source.read_bytes())
    c50run.make_blocking(tmp_path, how)
    for path in (tmp_path / "exercises").glob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    exercise = load_manifest()[0]
    target = str(tmp_path / "exercises" / exercise.file_name)
    if how == "import":  # importing never ends
        with pytest.raises(subprocess.TimeoutExpired):
            subprocess.run([sys.executable, target], capture_output=True, timeout=2)
        return
    # Every public function of the exercise is now one that spins.
    code = (
        "import inspect,runpy,sys;g=runpy.run_path(sys.argv[1]);"
        "print(sorted({v.__name__ for k,v in g.items() if inspect.isfunction(v) "
        "and not k.startswith('_')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, target], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    names = ast.literal_eval(done.stdout)
    assert names
    assert set(names) <= {"_bloque", "_bloque_async"}

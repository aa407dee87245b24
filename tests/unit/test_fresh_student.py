"""A fresh student's first hour, as the student README tells it.

nox is installed the README's way, in an environment of its own with nothing
but nox and uv (what `pip install --user` or pipx leave), and every student
command runs through it in an exported template: `nox`, `nox -- NN`,
`nox -s hint`, `nox -s grade`, `nox -s watch`, `nox -s reset`, `nox -s tests-3.X`. A nox
that has pytest (the one running the self-check) would hide a command that
imports pytest where nox's own Python runs it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.unit.exports import clean_env, copy_of
from tools.common.manifest import load_manifest
from tools.common.paths import TREES
from tools.grading.processes import group_options, kill_group

# Each test creates nox environments and runs whole sessions: more than the
# 30 s hang guard of an exercise's test.
pytestmark = [pytest.mark.bout_en_bout, pytest.mark.timeout(600)]

EXERCISES = load_manifest()
NOX = "nox>=2025.2.9"  # as the READMEs write it
MAX_LINES = 150  # what a beginner reads after a first `nox` on untouched exercises
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
# What pytest and nox say in English, that a student's default run must not show.
ENGLISH = (
    "Running session",
    "failed with exit code",
    "Session run failed",
    "was successful",
    "test session starts",
    "warnings summary",
    "short test summary",
    "Missing interpreters",
    "Traceback",
    "Enable tracemalloc",
    " passed",
    " failed",
    # What asyncio, pytest-asyncio and pytest-timeout print (the issue's own
    # examples): the student's report hides them (student_report.py).
    "never awaited",
    "Task was destroyed",
    "unclosed",
    "asyncio: mode",
    "timeout method",
)


def python_in(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


@pytest.fixture(scope="module")
def bare_nox(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`python -m nox` from an environment holding nox and uv only."""
    venv = tmp_path_factory.mktemp("nox-seul") / "venv"
    uv = shutil.which("uv")
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        install = [uv, "pip", "install", "--quiet", "--python", str(python_in(venv))]
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = [str(python_in(venv)), "-m", "pip", "install", "--quiet"]
    subprocess.run([*install, NOX, "uv"], check=True, timeout=300)
    alone = subprocess.run([python_in(venv), "-c", "import pytest"], capture_output=True)
    assert alone.returncode != 0, "cet environnement ne doit contenir que nox et uv"
    return [str(python_in(venv)), "-m", "nox"]


@pytest.fixture
def student(exported: Path, tmp_path: Path) -> Path:
    return copy_of(exported, tmp_path)


def nox(command: list[str], repo: Path, *args: str, timeout: float = 300) -> tuple[int, str]:
    env = clean_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a student's machine
    done = subprocess.run(
        [*command, *args], cwd=repo, env=env, capture_output=True, text=True,
        encoding="utf-8", errors="replace", timeout=timeout, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def english_in(output: str) -> list[str]:
    return [line for line in output.splitlines() if any(word in line for word in ENGLISH)]


def test_the_first_run_reads_in_french(bare_nox: list[str], student: Path) -> None:
    start = time.monotonic()
    code, output = nox(bare_nox, student)
    elapsed = time.monotonic() - start
    lines = output.splitlines()
    assert code == 0, output  # failing tests are what the run is for: no crash
    assert english_in(output) == [], output
    assert len(lines) <= MAX_LINES, f"{len(lines)} lignes en {elapsed:.0f} s :\n{output}"
    for exercise in EXERCISES:  # each verdict, on a line of its own
        assert re.search(rf"^(✘|X ) {exercise.number} · ", output, re.M), (exercise.id, output)
    assert "Progression : 0/11 exercices réussis" in output
    assert "Pour avancer : nox -- 01" in output
    # One timeline per run (the first failure that has one); the others say how.
    assert output.count("Chronologie (") == 1, output
    assert "(pour voir sa chronologie : nox -- 02)" in output, output


def test_one_exercise_then_a_hint(bare_nox: list[str], student: Path) -> None:
    first = EXERCISES[0]
    shutil.copy(TREES["solutions"] / first.file_name, student / "exercises")
    code, output = nox(bare_nox, student, "--", first.number)
    assert code == 0, output
    assert re.search(rf"^(✔|OK) {first.number} · {re.escape(first.title)} — réussi", output, re.M)
    assert english_in(output) == [], output
    assert "Progression : 1/11 exercices réussis" in output
    code, output = nox(bare_nox, student, "-s", "hint", "--", "02")
    assert code == 0, output
    assert "Indice 1/" in output, output
    assert english_in(output) == [], output


def test_the_grading(bare_nox: list[str], student: Path) -> None:
    code, output = nox(bare_nox, student, "-s", "grade", "--", "01", "02")
    assert code == 0, output  # a grading that ran is no crash, whatever the grade
    assert english_in(output) == [], output
    assert (student / "rapport" / "notation.json").is_file()
    assert "0/13" in output, output


def test_every_python_with_pytests_own_output(bare_nox: list[str], student: Path) -> None:
    code, output = nox(bare_nox, student, "-s", f"tests-{VERSION}", "--", "01")
    assert code == 1, output  # the untouched exercise fails
    assert "test_ex01_premiere_coroutine.py" in output


def test_watch_runs_the_next_exercise(bare_nox: list[str], student: Path) -> None:
    env = clean_env()
    # In a group of its own: Ctrl+C reaches nox and the watcher it started,
    # as in a terminal, and a watcher that outlives nox is killed with it.
    process = subprocess.Popen(
        [*bare_nox, "-s", "watch", "--", "--polling"], cwd=student, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        errors="replace", **group_options(),
    )  # fmt: skip
    seen: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 240
        for line in process.stdout:
            seen.append(line)
            if "En attente d'une sauvegarde" in line or time.monotonic() > deadline:
                break
    finally:
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGINT)  # Ctrl+C
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        kill_group(process)  # seen: a watcher left running by a nox killed alone
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
    output = "".join(seen)
    assert "=== 01 ·" in output, output
    assert re.search(r"^(✘|X ) 01 · ", output, re.M), output
    assert "En attente d'une sauvegarde" in output, output
    assert english_in(output) == [], output


def test_reset_starts_an_exercise_over(bare_nox: list[str], student: Path) -> None:
    target = student / "exercises" / EXERCISES[2].file_name
    stub = target.read_bytes()
    target.write_text("# mon essai\n", encoding="utf-8")
    code, output = nox(bare_nox, student, "-s", "reset", "--", EXERCISES[2].number)
    assert code == 0, output
    assert target.read_bytes() == stub
    kept = list((student / "sauvegardes").iterdir())
    assert [p.read_text(encoding="utf-8") for p in kept] == ["# mon essai\n"]
    assert f"sauvegardes/{kept[0].name}" in output, output
    code, output = nox(bare_nox, student, "-s", "reset")
    assert code != 0, output
    assert "nox -s reset -- 03" in output, output
    assert english_in(output) == [], output

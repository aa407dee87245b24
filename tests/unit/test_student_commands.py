"""What a student types: one exercise by number, the progress summary, hints
and the watch mode, each driven for real inside a student export."""

from __future__ import annotations

import json
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.exports import HAS_GIT, clean_env, copy_of, nox_command
from tools.common.manifest import exercise_by_id, load_manifest
from tools.common.paths import STARTING_CODE, TREES
from tools.student import hint, progress
from tools.teacher.template import normalize

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

EXERCISES = load_manifest()
EX01 = exercise_by_id("ex01_premiere_coroutine")
EX02 = exercise_by_id("ex02_gather")


@pytest.fixture
def student(exported: Path, tmp_path: Path) -> Path:
    """A fresh copy of the student template: what a student has cloned."""
    return copy_of(exported, tmp_path)


def solve(repo: Path, *exercise_ids: str) -> None:
    for exercise_id in exercise_ids:
        shutil.copy(TREES["solutions"] / f"{exercise_id}.py", repo / "exercises")


def run(repo: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=repo, env=clean_env(), capture_output=True,
        text=True, encoding="utf-8", timeout=timeout, check=False,
    )  # fmt: skip


def collected(output: str) -> set[str]:
    return set(re.findall(r"tests/\w+/(test_ex\d\d_\w+)\.py::", output))


# -- one exercise by its number or name ----------------------------------------------


def test_a_number_or_a_name_runs_that_exercise_only(student: Path) -> None:
    for word in ("02", "2", "gather", "ex02"):
        done = run(student, "-m", "pytest", "--collect-only", "-q", word)
        assert done.returncode == 0, done.stdout + done.stderr
        assert collected(done.stdout) == {"test_ex02_gather"}, (word, done.stdout)
    both = run(student, "-m", "pytest", "--collect-only", "-q", "03", "ex10")
    assert collected(both.stdout) == {"test_ex03_create_task", "test_ex10_serveur_tcp"}


def test_pytest_k_and_paths_still_work(student: Path) -> None:
    done = run(student, "-m", "pytest", "--collect-only", "-q", "-k", "ex03")
    assert collected(done.stdout) == {"test_ex03_create_task"}, done.stdout
    path = run(
        student, "-m", "pytest", "--collect-only", "-q", "tests/public/test_ex04_await_oublie.py"
    )
    assert collected(path.stdout) == {"test_ex04_await_oublie"}, path.stdout


def test_an_unknown_exercise_is_a_french_usage_error(student: Path) -> None:
    done = run(student, "-m", "pytest", "42")
    assert done.returncode == 4, done.stdout  # pytest's usage error
    assert "aucun exercice ne correspond à '42'" in done.stderr, done.stderr


# -- the progress summary -------------------------------------------------------------


def test_progress_after_a_run_names_what_passed_and_what_comes_next(student: Path) -> None:
    solve(student, EX01.id)
    done = run(student, "-m", "pytest", "01", "02")
    head = (
        f"Progression : 1/{len(EXERCISES)} exercices réussis — {EX01.points}/100 points — "
        f"prochain : 02 · {EX02.title}"
    )
    assert head in done.stdout, done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("Réussi ici = les tests publics")
    assert re.search(r"^  01  réussi +Une première coroutine", done.stdout, re.M)
    assert re.search(r"^  02  à corriger ", done.stdout, re.M)
    assert re.search(r"^  03  pas encore lancé ", done.stdout, re.M)
    assert "Pour avancer : nox -- 02" in done.stdout
    record = json.loads((student / ".progression.json").read_text(encoding="utf-8"))
    assert {k: v["état"] for k, v in record.items()} == {EX01.id: "réussi", EX02.id: "à corriger"}


@pytest.mark.parametrize(
    "narrowed",
    [
        pytest.param(["01", "-k", "bonjour"], id="k"),
        pytest.param(
            ["tests/public/test_ex01_premiere_coroutine.py::test_main_lance_les_salutations"],
            id="node-id",
        ),
    ],
)
def test_a_narrowed_run_never_records_a_success(student: Path, narrowed: list[str]) -> None:
    solve(student, EX01.id)
    done = run(student, "-m", "pytest", *narrowed)
    assert done.returncode == 0, done.stdout
    assert "1 passed" in done.stdout or "passed" in done.stdout
    assert not (student / ".progression.json").exists() or EX01.id not in json.loads(
        (student / ".progression.json").read_text(encoding="utf-8")
    )


def test_an_exercise_edited_since_its_run_shows_as_changed(student: Path) -> None:
    solve(student, EX01.id)
    run(student, "-m", "pytest", "01", "--progression=non")
    with (student / "exercises" / EX01.file_name).open("a", encoding="utf-8") as file:
        file.write("\n# une retouche\n")
    done = run(student, "-m", "pytest", "02", "--progression=courte")
    assert "Progression : 0/" in done.stdout, done.stdout
    assert re.search(r"^  01  modifié depuis", done.stdout, re.M) is None  # courte: one line
    found = progress.states(EXERCISES, student / "exercises", student / ".progression.json")
    assert found[EX01.id] == progress.CHANGED


def test_a_damaged_record_is_an_empty_one(tmp_path: Path) -> None:
    damaged = tmp_path / "p.json"
    damaged.write_text("{ pas du json", encoding="utf-8")
    assert progress.load_record(damaged) == {}
    progress.save_verdicts({EX02.id: True}, TREES["solutions"], damaged)
    assert progress.states(EXERCISES, TREES["solutions"], damaged)[EX02.id] == progress.PASSED


def test_the_teachers_runs_leave_no_progress(tmp_path: Path) -> None:
    record = tmp_path / "p.json"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--tree=solutions", "-q", "-p", "no:cacheprovider", "01"],
        cwd=TREES["solutions"].parent, env={**clean_env(), progress.STATE_VARIABLE: str(record)},
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert "Progression" not in done.stdout
    assert not record.exists()


# -- hints ------------------------------------------------------------------------------


def test_hints_come_one_level_at_a_time() -> None:
    first = hint.hint_text(EX01, 1)
    assert EX01.hints[0].split()[0] in first
    assert "Indice 1/2" in first
    assert "nox -s hint -- 01 2" in first
    last = hint.hint_text(EX01, 2)
    assert "Indice 2/2" in last
    assert "dernier indice" in last
    assert "Indice 1/2" not in last
    every = hint.hint_text(EX01, None)
    assert "Indice 1/2" in every
    assert "Indice 2/2" in every
    assert "Indice 2/2" in hint.hint_text(EX01, 9)  # past the last: the last


def test_every_exercise_has_a_nudge_before_the_api() -> None:
    assert all(len(ex.hints) >= 2 for ex in EXERCISES)


def test_no_hint_gives_the_solution() -> None:
    """A hint may show one line of the solution, the API to use, never more:
    lines of the solution that the stub lacks, found in one hint."""
    for exercise in EXERCISES:
        stub = TREES["exercises"] / exercise.file_name
        stub_lines = {normalize(line) for line in stub.read_text(encoding="utf-8").splitlines()}
        solution = (TREES["solutions"] / exercise.file_name).read_text(encoding="utf-8")
        answer = {
            normalize(line.split("#")[0])
            for line in solution.splitlines()
            if len(normalize(line.split("#")[0])) >= 12
        } - stub_lines
        for level, text in enumerate(exercise.hints, start=1):
            shown = [line for line in answer if line in normalize(text)]
            assert len(shown) <= 1, f"{exercise.id}, indice {level} : {shown}"


def test_the_hint_command_in_a_student_repository(student: Path) -> None:
    done = run(student, "-m", "tools.student.hint", "01")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"01 · {EX01.title}")
    unknown = run(student, "-m", "tools.student.hint", "42")
    assert unknown.returncode == 2
    assert "aucun exercice ne correspond à '42'" in unknown.stderr
    solve(student, EX01.id)
    run(student, "-m", "pytest", "01", "--progression=non")
    following = run(student, "-m", "tools.student.hint")
    assert "(prochain exercice à réussir : 02)" in following.stdout, following.stdout


def test_the_hint_never_fails_on_a_console_without_accents(student: Path) -> None:
    env = {**clean_env(), "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "tools.student.hint", "03", "tous"], cwd=student, env=env,
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    last = len(exercise_by_id("ex03_create_task").hints)
    assert f"Indice {last}/{last}".encode() in done.stdout


def test_nox_s_hint(student: Path) -> None:
    nox = nox_command()
    if nox is None:
        pytest.skip("nox est introuvable")
    done = subprocess.run(
        [*nox, "-s", "hint", "--", "02", "2"], cwd=student, env=clean_env(),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Indice 2/2" in done.stdout


# -- the watch mode -------------------------------------------------------------------


class Lines:
    """A child's output lines, read in the background, waited for by pattern."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self.queue: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        stream = process.stdout

        def read() -> None:
            try:
                for line in stream:
                    self.queue.put(line)
            except (OSError, ValueError):
                pass  # closed at the end of the test

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return
        raise AssertionError(f"« {text} » jamais affiché ; vu :\n{''.join(self.seen)}")


@pytest.fixture
def watching(student: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, Lines]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.student.watch", *request.param], cwd=student,
        env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        encoding="utf-8",
    )  # fmt: skip
    lines = Lines(process)
    try:
        yield student, lines
        if sys.platform != "win32":  # Ctrl+C: a clean goodbye
            process.send_signal(signal.SIGINT)
            lines.wait_for("Mode surveillance arrêté.", timeout=30)
            assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.parametrize(
    "watching",
    [
        pytest.param(["--polling", "--interval", "0.2"], id="polling"),
        # A long interval: the save must be noticed through the system's events.
        pytest.param(["--interval", "120"], id="events"),
    ],
    indirect=True,
)
def test_watch_reruns_the_saved_exercise_then_moves_on(watching: tuple[Path, Lines]) -> None:
    student, lines = watching
    lines.wait_for("=== 01 ·")
    lines.wait_for("En attente d'une sauvegarde… (indice : nox -s hint -- 01)")
    if "120 s" in lines.seen[0] and "événements" not in lines.seen[0]:
        pytest.skip("pas d'événements du système ici (watchdog absent ?)")
    solve(student, EX01.id)
    lines.wait_for(f"01 réussi ! Au suivant : 02 · {EX02.title}", timeout=60)
    lines.wait_for("=== 02 ·")
    lines.wait_for("En attente d'une sauvegarde… (indice : nox -s hint -- 02)")
    # Saving an exercise makes it the current one, even a passed one.
    (student / "exercises" / EX01.file_name).write_text(
        (TREES["solutions"] / EX01.file_name).read_text(encoding="utf-8") + "\n# relu\n",
        encoding="utf-8",
    )
    lines.wait_for("=== 01 ·")
    lines.wait_for("01 réussi ! Au suivant : 02")


def test_a_save_without_a_change_runs_nothing(tmp_path: Path) -> None:
    from tools.student.watch import Watcher

    (tmp_path / "ex01_a.py").write_text("x = 1\n", encoding="utf-8")
    watcher = Watcher(tmp_path, 0.05, polling=True)
    (tmp_path / "ex01_a.py").write_text("x = 1\n", encoding="utf-8")  # same contents
    (tmp_path / "notes.txt").write_text("pas un exercice\n", encoding="utf-8")
    waiter = threading.Thread(target=watcher.wait, daemon=True)
    waiter.start()
    waiter.join(timeout=0.5)
    assert waiter.is_alive()  # still waiting: nothing to run
    (tmp_path / "ex01_a.py").write_text("x = 2\n", encoding="utf-8")
    waiter.join(timeout=5)
    assert not waiter.is_alive()


# -- starting over ---------------------------------------------------------------------


def test_reset_puts_the_starting_code_back_and_keeps_the_students_version(
    student: Path,
) -> None:
    target = student / "exercises" / EX02.file_name
    stub = target.read_bytes()
    assert (student / STARTING_CODE / EX02.file_name).read_bytes() == stub
    mine = b"# ma version, avec des accents : \xc3\xa9\xc3\xa0\nprint('essai')\n"
    target.write_bytes(mine)
    done = run(student, "-m", "tools.student.reset", "02")
    assert done.returncode == 0, done.stdout + done.stderr
    assert target.read_bytes() == stub
    kept = list((student / "sauvegardes").glob("ex02_gather-*.py"))
    assert [p.read_bytes() for p in kept] == [mine]
    assert f"sauvegardes/{kept[0].name}" in done.stdout, done.stdout
    assert "code de départ" in done.stdout
    assert "nox -- 02" in done.stdout
    if HAS_GIT:
        subprocess.run(["git", "init", "-q"], cwd=student, check=True)
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", f"sauvegardes/{kept[0].name}"], cwd=student, check=False
        )
        assert ignored.returncode == 0, "git doit ignorer sauvegardes/"
    again = run(student, "-m", "tools.student.reset", "02")
    assert again.returncode == 0, again.stderr
    assert "rien à faire" in again.stdout, again.stdout
    assert len(list((student / "sauvegardes").iterdir())) == 1  # nothing kept twice


def test_reset_refuses_without_a_number_and_changes_nothing(student: Path) -> None:
    target = student / "exercises" / EX02.file_name
    target.write_text("# à moi\n", encoding="utf-8")
    for args in ((), ("99",), ("e",)):
        done = run(student, "-m", "tools.student.reset", *args)
        assert done.returncode == 2, (args, done.stdout)
        assert "nox -s reset -- 03" in done.stderr or "Rien n'a été changé" in done.stderr
        assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "# à moi\n"
    assert not (student / "sauvegardes").exists()


def test_reset_without_the_starting_code_says_where_to_find_it(student: Path) -> None:
    shutil.rmtree(student / STARTING_CODE)
    target = student / "exercises" / EX02.file_name
    target.write_text("# à moi\n", encoding="utf-8")
    done = run(student, "-m", "tools.student.reset", "02")
    assert done.returncode == 2
    assert ".codes-de-depart" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "# à moi\n"

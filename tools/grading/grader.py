"""Grade a student's tree: `nox -s grade` (and the GitHub workflow) run this.

Each exercise is graded in its own pytest process, in its own process group:
a syntax error, a crash, `sys.exit`, `os._exit`, a hang or a flood of output
costs that exercise only, and whatever the student's code started is killed
with it. Exercises run in parallel, two per core (`default_jobs`): the timing
bounds of the tests keep their margins with every core busy
(tools/maintainer/margins.py, tools/maintainer/stress.py).

Points are all or nothing per exercise (an untouched stub passes the tests
that check plain results, so partial credit would reward doing nothing), and
they are read from the results file each pytest run writes, which must be
signed with this run's secret token (tools/grading/results.py); never from an
exit code.

The report is always written, whatever happens:
    rapport/notation.json   the record (schema asyncio-exercices/rapport/v1)
    rapport/resume.md       the Markdown summary (also $GITHUB_STEP_SUMMARY)
and, under GitHub Actions, annotations and Classroom's notices are printed.
The last line printed is the grade and what to do next, in French.

Exit status: 0 when the grading was done, whatever the grade (a grade below
full marks is no failure of the command: the student's workflow stays green);
2 for a usage error; 3 when the grading itself could not be done (an internal
error: the report then says so and gives no points). Whoever needs the grade
reads the report, as the re-grade, the hostile corpus and the bench do.

Usage: python -m tools.grading.grader [--tree DIR] [EXERCICE ...]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tools.common import commands, french, lock, stuck_call
from tools.common.line_endings import lf
from tools.common.manifest import Exercise, ManifestError, load_manifest, select
from tools.common.paths import HIDDEN_TESTS, MANIFEST, PUBLIC_TESTS, ROOT, TREES, runtime_modules
from tools.grading import process_limit
from tools.grading.limits import MAX_MEMORY_BYTES, MEMORY_VARIABLE
from tools.grading.loop_watchdog import DIAGNOSTIC_VARIABLE
from tools.grading.processes import (
    adopt_orphans,
    kill_descendants,
    kill_group,
    reap_group,
    start_in_group,
)
from tools.grading.report import (
    ERROR,
    FAILED,
    PASSED,
    TIMEOUT,
    ExerciseResult,
    Report,
    broken_promises,
    closing_line,
    distinct_failures,
    github_commands,
    line_in_student_file,
    markdown_summary,
    next_step,
    sha256_of,
    terminal_text,
)
from tools.grading.results import TOKEN_FILE_VARIABLE, RunResults, load_run
from tools.grading.test_order import NOT_RUN, expected_seconds
from tools.student.progress import next_exercise, save_verdicts, states

DEFAULT_REPORT_DIR = ROOT / "rapport"
HANG_GUARD = 30.0  # pytest-timeout's per-test limit (pyproject), unless the manifest says
MAX_OUTPUT_BYTES = 20 * 1024 * 1024  # what one exercise may print before it is stopped
POLL_SECONDS = 0.05
# Exercises graded at once per core. An exercise's tests mostly wait (the
# fake network and disk delays, sockets, a process pool) and its pytest
# start-up is the only long computation, so one per core leaves the cores
# idle most of the time. Measured on 2 cores (the solutions, Python 3.11):
# 15,5 s one per core, 12,5 s with 3 at once, 9,7 s two per core. `nox -s
# stress` grades with this many pytest processes plus a spinner per core,
# a harsher load than any grading, and counts no wrong verdict.
JOBS_PER_CORE = 2


def default_jobs() -> int:
    """How many exercises (the re-grade: submissions) are graded at once."""
    return JOBS_PER_CORE * (os.cpu_count() or 1)


# Set by the GitHub workflow when it fetched the teacher's tests.
TESTS_SOURCE_VARIABLE = "GRADING_TESTS_SOURCE"
# Exit statuses (see the docstring): a completed grading is a success.
EXIT_GRADED = 0
EXIT_USAGE = 2  # argparse's own
EXIT_INTERNAL_ERROR = 3
# GitHub's files for a step's outputs and for the next steps' environment:
# written by the grader only, never by the code it grades.
GITHUB_FILE_VARIABLES = ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE",
                         "GITHUB_STEP_SUMMARY")  # fmt: skip


def budget_for(exercise: Exercise) -> float:
    """Wall-clock budget of one exercise's whole pytest run.

    A correct solution needs a few seconds; one test hanging costs its hang
    guard and the run goes on. Beyond two hang guards the exercise is stopped:
    every test hanging in turn would otherwise take minutes."""
    return 2 * (exercise.timeout or HANG_GUARD) + 30


def grader_version() -> str:
    try:
        data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        return str(data["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "inconnue"


def relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def fingerprints() -> dict[str, str]:
    """sha256 of every file that decides the grade: the tests, their support
    code, the manifest (points) and the pytest configuration."""
    files = [
        ROOT / "conftest.py",
        ROOT / "pyproject.toml",
        MANIFEST,
        *runtime_modules(ROOT),
        *sorted(PUBLIC_TESTS.glob("*.py")),
        *sorted(HIDDEN_TESTS.glob("*.py")),
    ]
    return {relative(f): sha256_of(f) for f in files if f.is_file()}


def workflow_fingerprint(path: Path | None) -> dict[str, str] | None:
    if path is None:
        # Under GitHub Actions: "owner/repo/.github/workflows/x.yml@refs/…"
        ref = os.environ.get("GITHUB_WORKFLOW_REF", "")
        if "/.github/workflows/" not in ref:
            return None
        path = ROOT / (".github/workflows/" + ref.split("/.github/workflows/", 1)[1].split("@")[0])
    if not path.is_file():
        return {"path": relative(path), "sha256": "absent"}
    return {"path": relative(path), "sha256": sha256_of(path)}


# -- one exercise ---------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """How one exercise's pytest process ended."""

    results: RunResults | None
    timed_out: bool
    flooded: bool
    returncode: int | None
    output_tail: str
    duration: float
    tampered: list[str] = field(default_factory=list)  # grading files the run changed
    # Where the student's code blocked the event loop, if it did
    # (tools/grading/loop_watchdog.py): says why a stopped run stopped.
    diagnostic: str | None = None


def pytest_environment() -> dict[str, str]:
    """The environment of every exercise's pytest process, but the token's file."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", MEMORY_VARIABLE: str(MAX_MEMORY_BYTES)}
    env.pop("PYTEST_ADDOPTS", None)  # the grading options are these, not the caller's
    env.pop(TOKEN_FILE_VARIABLE, None)
    for name in GITHUB_FILE_VARIABLES:
        env.pop(name, None)
    return env


def run_pytest(
    exercise: Exercise, workspace: Workspace, work: Path, token: str, budget: float
) -> Run:
    results_file = work / f"{exercise.id}.json"
    results_file.unlink(missing_ok=True)
    log_file = work / f"{exercise.id}.log"
    command = [
        sys.executable, "-m", "pytest", f"--tree={workspace.tree}",
        f"--results-json={results_file}", "-p", "no:cacheprovider", "-q", "--no-header",
        "--tb=short", "--show-capture=no",
        *(str(f.relative_to(workspace.root)) for f in workspace.test_files),
    ]  # fmt: skip
    token_file = work / f"{exercise.id}.token"
    token_file.write_text(token, encoding="utf-8")  # read and deleted by conftest.py
    diagnostic_file = work / f"{exercise.id}.diagnostic"
    diagnostic_file.unlink(missing_ok=True)
    dump_file = work / f"{exercise.id}.blocage"
    dump_file.unlink(missing_ok=True)
    env = {
        **pytest_environment(),
        TOKEN_FILE_VARIABLE: str(token_file),
        DIAGNOSTIC_VARIABLE: str(diagnostic_file),
        stuck_call.DUMP_VARIABLE: str(dump_file),
    }
    start = time.perf_counter()
    timed_out = flooded = False
    with log_file.open("wb") as log:
        process = start_in_group(command, cwd=workspace.root, env=env, output=log)
        try:
            while True:
                try:
                    process.wait(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if time.perf_counter() - start > budget:
                    timed_out = True
                    break
                if log_file.stat().st_size > MAX_OUTPUT_BYTES:
                    flooded = True
                    break
        finally:
            kill_group(process)  # stragglers too, even when pytest ended normally
            process.wait()
            reap_group(process.pid)  # their zombies would count against the limit on processes
    duration = time.perf_counter() - start
    token_file.unlink(missing_ok=True)
    with log_file.open("rb") as log:
        log.seek(max(0, log_file.stat().st_size - 3000))
        tail = log.read().decode("utf-8", errors="replace")
    try:
        results: RunResults | None = load_run(results_file, token)
    except (OSError, ValueError, KeyError, TypeError):
        results = None
    try:
        diagnostic: str | None = diagnostic_file.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        diagnostic = None
    # One call that held the GIL: faulthandler ended the process, where the
    # watchdog could not even run (tools/common/stuck_call.py).
    diagnostic = diagnostic or stuck_call.read_and_explain(dump_file, workspace.tree, exercise)
    return Run(
        results, timed_out, flooded, process.returncode, tail, duration, workspace.tampered(),
        diagnostic,
    )  # fmt: skip


def judge(exercise: Exercise, tree: Path, run: Run, hidden: bool) -> ExerciseResult:
    """Turn what the pytest process left into the exercise's result."""
    results = run.results
    trusted = results is not None and results.trusted
    cases = results.cases if results is not None and trusted else []
    passed = sum(c.outcome == "passed" for c in cases)
    failed_cases = [c for c in cases if c.outcome != "passed"]
    # Tests not run once an earlier one had failed (tools/grading/first_failure.py):
    # they count as not passed, and have nothing to say.
    not_run = sum(c.outcome == NOT_RUN for c in failed_cases)
    shown = [c for c in failed_cases if c.outcome != NOT_RUN] or failed_cases
    collected = results.collected if results is not None and trusted else None
    total = max(collected or 0, len(cases))
    messages = distinct_failures([c.message.strip() or f"{c.nodeid} : {c.outcome}" for c in shown])
    label = f"[{exercise.number} · {exercise.title}]"
    rerun = commands.run_one(exercise.number)

    if run.tampered:
        status = ERROR
        messages.insert(
            0,
            f"{label} Le code de cet exercice a modifié des fichiers de test pendant la "
            f"notation : {', '.join(run.tampered)}.\n  C'est interdit, et l'exercice vaut 0 "
            "quel que soit le résultat des tests. Ne modifie que ton fichier dans exercises/.",
        )
    elif run.timed_out:
        status = TIMEOUT
        messages.insert(
            0,
            f"{label} La notation de cet exercice a été arrêtée au bout de "
            f"{french.decimal(run.duration, 0)} s : ses tests ne se terminaient pas.\n"
            + (
                f"  Là où le code bloquait la boucle :\n{indent(run.diagnostic)}"
                if run.diagnostic
                else "  Causes fréquentes : une boucle infinie, un `await` sur quelque chose "
                "qui n'arrive jamais, un appel bloquant (time.sleep, calcul très long) dans "
                f"une coroutine.\n  Lance-le seul pour voir où il bloque : {rerun}"
            ),
        )
    elif run.diagnostic and (results is None or not trusted or not results.complete):
        # The watchdog ended a process whose code it could not interrupt.
        status = ERROR
        messages.insert(0, run.diagnostic)
    elif run.flooded:
        status = ERROR
        messages.insert(
            0,
            f"{label} Cet exercice a écrit plus de {MAX_OUTPUT_BYTES // 2**20} Mo à l'écran : "
            "sa notation a été arrêtée.\n  Retire les print dans les boucles.",
        )
    elif results is None or not trusted:
        status = ERROR
        why = (
            "le fichier de résultats n'est pas signé par cette notation (résultat périmé "
            "ou falsifié)"
            if results is not None
            else "aucun résultat n'a été écrit"
        )
        messages.insert(
            0,
            f"{label} Le processus de test s'est arrêté avant la fin ({why}, code de sortie "
            f"{run.returncode}).\n  Le code a peut-être appelé os._exit(), ou fait planter "
            f"Python. Lance l'exercice seul pour voir : {rerun}\n"
            f"  Dernières lignes affichées :\n{indent(run.output_tail)}",
        )
    elif not results.complete or results.collected is None or len(cases) < results.collected:
        status = ERROR
        messages.insert(
            0,
            f"{label} Les tests se sont arrêtés au milieu ({len(cases)} test(s) terminé(s) "
            f"sur {results.collected if results.collected is not None else '?'}).\n"
            "  Le code a peut-être appelé os._exit(), levé KeyboardInterrupt, ou tué le "
            f"processus. Lance l'exercice seul pour voir : {rerun}",
        )
    elif total == 0:
        status = ERROR
        messages.insert(0, f"{label} Aucun test n'a été trouvé pour cet exercice.")
    elif failed_cases:
        status = FAILED
    else:
        status = PASSED
    source = tree / exercise.file_name
    # The first failure's timeline, when its message is the first shown.
    drawn = shown[0].timeline if status == FAILED and shown and shown[0].message.strip() else None
    return ExerciseResult(
        id=exercise.id,
        number=exercise.number,
        title=exercise.title,
        file=relative(source),
        status=status,
        points=exercise.points if status == PASSED else 0,
        max_points=exercise.points,
        passed=passed if trusted else 0,
        failed=total - passed if trusted else total,
        total=total,
        not_run=not_run if status == FAILED else 0,
        hidden_tests=hidden,
        duration_s=round(run.duration, 3),
        messages=messages,
        line=line_in_student_file(source, messages),
        broken_promises=broken_promises(messages),
        timeline=drawn,
    )


def indent(text: str) -> str:
    lines = text.strip().splitlines()[-20:]
    return "\n".join(f"      {line}" for line in lines) if lines else "      (rien)"


@dataclass(frozen=True)
class Workspace:
    """One exercise's private copy of the tests and of the graded tree.

    Every exercise runs on its own copy, written from one Snapshot taken
    before the first one starts: a student's code that writes into tests/
    cannot change what another exercise is graded with, and a change to its
    own copy is seen."""

    root: Path
    tree: Path
    test_files: list[Path]
    hidden: bool
    digests: dict[str, str]

    def tampered(self) -> list[str]:
        """Grading files changed, removed, or added (a new test or conftest.py)."""
        changed = []
        for name, digest in self.digests.items():
            path = self.root / name
            if not path.is_file() or sha256_of(path) != digest:
                changed.append(name)
        added = (
            path for top in ("tests", "tools") for path in sorted((self.root / top).rglob("*"))
        )
        for path in added:
            name = path.relative_to(self.root).as_posix()
            if path.is_file() and "__pycache__" not in path.parts and name not in self.digests:
                changed.append(f"{name} (ajouté)")
        return changed


def grading_files(exercise: Exercise) -> list[Path]:
    """What pytest needs to run one exercise's tests, relative to ROOT."""
    tests = ROOT / "tests"
    files = [
        ROOT / "conftest.py",
        ROOT / "pyproject.toml",
        MANIFEST,
        tests / "__init__.py",
        *runtime_modules(ROOT),
        PUBLIC_TESTS / "__init__.py",
        PUBLIC_TESTS / exercise.test_file_name,
        HIDDEN_TESTS / "__init__.py",
        HIDDEN_TESTS / "ordre.py",  # the order of the tests (tools/grading/test_order.py)
        HIDDEN_TESTS / exercise.test_file_name,
    ]
    return [f.relative_to(ROOT) for f in files if f.is_file()]


@dataclass(frozen=True)
class Snapshot:
    """The grading files and the graded tree's files, read once before the
    first exercise starts.

    Each workspace is written from these bytes when its exercise's turn
    comes, so that the copies overlap the runs of the exercises before it;
    what a running student's code writes into the repository meanwhile
    changes no workspace."""

    tree: Path
    files: dict[str, bytes]  # grading files, by path relative to ROOT
    digests: dict[str, str]
    student_files: dict[str, bytes]  # the graded tree's files (not its folders), by name

    @classmethod
    def take(cls, tree: Path, exercises: Sequence[Exercise]) -> Snapshot:
        names = sorted({name.as_posix() for ex in exercises for name in grading_files(ex)})
        files = {name: (ROOT / name).read_bytes() for name in names}
        return cls(
            tree=tree,
            files=files,
            digests={name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
            student_files={
                source.name: source.read_bytes()
                for source in sorted(tree.iterdir())
                if source.is_file() and not source.is_symlink()
            },
        )


def make_workspace(
    exercise: Exercise, tree: Path, work: Path, snapshot: Snapshot | None = None
) -> Workspace:
    snapshot = snapshot or Snapshot.take(tree, [exercise])
    root = work / exercise.id
    digests = {}
    for relative_path in grading_files(exercise):
        name = relative_path.as_posix()
        target = root / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(snapshot.files[name])
        digests[name] = snapshot.digests[name]
    copy = root / (tree.name if tree.name != "tests" else "code")
    copy.mkdir()
    for name, data in snapshot.student_files.items():
        (copy / name).write_bytes(data)
    files = [root / "tests" / kind / exercise.test_file_name for kind in ("public", "hidden")]
    return Workspace(
        root=root,
        tree=copy,
        test_files=[f for f in files if f.is_file()],
        hidden=(HIDDEN_TESTS / exercise.test_file_name).is_file(),
        digests=digests,
    )


def grade_exercise(
    exercise: Exercise,
    snapshot: Snapshot,
    work: Path,
    token: str,
    budget: float | None = None,
) -> ExerciseResult:
    tree = snapshot.tree
    workspace = make_workspace(exercise, tree, work, snapshot)
    # One key per exercise: the file of one cannot be used to sign another's.
    key = hmac.new(token.encode(), exercise.id.encode(), hashlib.sha256).hexdigest()
    run = run_pytest(exercise, workspace, work, key, budget or budget_for(exercise))
    return judge(exercise, tree, run, workspace.hidden)


def is_starting_code(exercise: Exercise, snapshot: Snapshot, starting_code: Path | None) -> bool:
    """The graded file is the exercise's starting code, unchanged (line endings
    aside: a Windows checkout of an untouched file is not a change)."""
    if starting_code is None:
        return False
    graded = snapshot.student_files.get(exercise.file_name)
    try:
        stub = (starting_code / exercise.file_name).read_bytes()
    except OSError:
        return False
    return graded is not None and lf(graded) == lf(stub)


def not_started(exercise: Exercise, tree: Path) -> ExerciseResult:
    """An exercise left as its starting code: 0 points, its tests not run.
    Every stub fails its exercise's tests on every Python (the self-check
    proves it), so running them would only tell that again, slowly."""
    source = tree / exercise.file_name
    message = (
        f"[{exercise.number} · {exercise.title}] Exercice pas commencé : "
        f"{relative(source)} est encore le code de départ, inchangé.\n"
        "  Il vaut 0 point ; ses tests n'ont pas été lancés (le code de départ ne les passe "
        "pas).\n"
        "  Pour commencer : lis l'énoncé en tête du fichier, puis lance "
        f"{commands.run_one(exercise.number)}"
    )
    return ExerciseResult(
        id=exercise.id, number=exercise.number, title=exercise.title, file=relative(source),
        status=FAILED, points=0, max_points=exercise.points, passed=0, failed=0, total=0,
        hidden_tests=(HIDDEN_TESTS / exercise.test_file_name).is_file(), duration_s=0.0,
        messages=[message], line=1,
    )  # fmt: skip


# -- the whole tree -----------------------------------------------------------------


def grade(
    tree: Path,
    exercises: list[Exercise],
    *,
    jobs: int,
    token: str,
    workflow: Path | None = None,
    tests_source: str | None = None,
    budget: float | None = None,
    starting_code: Path | None = None,
) -> Report:
    started = datetime.now(UTC)
    start = time.perf_counter()
    before = fingerprints()
    # The longest exercises first, so that they do not end the run alone: by
    # their solutions' seconds (tests/hidden/ordre.py), else by hang guard.
    seconds = expected_seconds()
    order = sorted(exercises, key=lambda ex: (-seconds.get(ex.id, 0.0), -(ex.timeout or 0)))
    spans: dict[str, tuple[float, float]] = {}

    def timed(exercise: Exercise, work: Path) -> ExerciseResult:
        began = time.perf_counter()
        result = grade_exercise(exercise, snapshot, work, token, budget)
        spans[exercise.id] = (began, time.perf_counter())
        return result

    watch = process_limit.Watch.start_if_limited()
    with tempfile.TemporaryDirectory(prefix="notation-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        snapshot = Snapshot.take(tree, exercises)
        untouched = {ex.id for ex in exercises if is_starting_code(ex, snapshot, starting_code)}
        try:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                futures = {
                    ex.id: pool.submit(timed, ex, work) for ex in order if ex.id not in untouched
                }
                graded = {ex_id: future.result() for ex_id, future in futures.items()}
        finally:  # its thread never outlives the grading, even one that failed
            full = watch.stop() if watch is not None else []
        # At the submission's limit on processes (a fork bomb in another
        # exercise), a failure may not be this exercise's own: graded again,
        # alone, now that the others are over (tools/grading/process_limit.py).
        again = [
            ex
            for ex in order
            if ex.id in graded
            and graded[ex.id].points < graded[ex.id].max_points
            and process_limit.overlaps(spans[ex.id], full)
        ]
        left_behind = 0
        if again:
            alone = work / "seul"
            alone.mkdir()
            for ex in again:
                # No exercise runs now: whatever is below the grader was left
                # behind (setsid daemons hold the limit until they are killed).
                left_behind += len(kill_descendants())
                graded[ex.id] = timed(ex, alone)
        results = [
            not_started(ex, tree) if ex.id in untouched else graded[ex.id] for ex in exercises
        ]
    after = fingerprints()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    warnings = (
        [f"Des fichiers de test du dépôt ont changé pendant la notation : {', '.join(changed)} "
         "(la notation a utilisé des copies faites avant)."]
        if changed
        else []
    )  # fmt: skip
    if again and watch is not None:
        stopped = f" ({left_behind} processus laissé(s) par la copie arrêté(s) avant)"
        warnings.append(
            f"La copie a atteint sa limite de {watch.limit} processus pendant la notation : "
            f"exercice(s) {', '.join(ex.number for ex in again)} noté(s) une seconde fois, "
            f"seul(s), et seule cette note compte{stopped if left_behind else ''}."
        )
    packages = lock.graded_with()
    drift = lock.drift_warning(packages)
    if drift:
        warnings.append(drift)
    return Report(
        grader_version=grader_version(),
        token=token,
        tree=relative(tree),
        python=platform.python_version(),
        platform=f"{platform.system()} {platform.machine()}",
        started_at=started.isoformat(timespec="seconds"),
        duration_s=round(time.perf_counter() - start, 3),
        points=sum(r.points for r in results),
        max_points=sum(r.max_points for r in results),
        hidden_tests=all(r.hidden_tests for r in results),
        fingerprints=before,
        workflow=workflow_fingerprint(workflow),
        tests_source=tests_source,
        exercises=results,
        warnings=warnings,
        packages=[package.text() for package in packages],
    )


def internal_error_report(
    tree: Path, exercises: list[Exercise], token: str, exc: Exception
) -> Report:
    message = (
        f"Erreur interne du correcteur ({type(exc).__name__}: {exc}). Ce n'est pas ta faute : "
        "relance la notation, et préviens ton enseignant si cela se reproduit."
    )
    results = [
        ExerciseResult(
            id=ex.id, number=ex.number, title=ex.title, file=relative(tree / ex.file_name),
            status=ERROR, points=0, max_points=ex.points, passed=0, failed=0, total=0,
            hidden_tests=(HIDDEN_TESTS / ex.test_file_name).is_file(), duration_s=0.0,
            messages=[message],
        )
        for ex in exercises
    ]  # fmt: skip
    return Report(
        grader_version=grader_version(), token=token, tree=relative(tree),
        python=platform.python_version(), platform=f"{platform.system()} {platform.machine()}",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"), duration_s=0.0, points=0,
        max_points=sum(ex.points for ex in exercises), hidden_tests=False, fingerprints={},
        workflow=None, tests_source=None, exercises=results,
    )  # fmt: skip


def write_outputs(
    report: Report,
    report_dir: Path,
    *,
    github: bool,
    closing: str,
    then: str | None = None,
    graded: bool = True,
) -> None:
    """The report's files, the terminal text, and under GitHub the annotations;
    `closing` is the last line, `then` the next step shown in the summary."""
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "notation.json").write_text(report.to_json(), encoding="utf-8")
    summary = markdown_summary(report, then)
    (report_dir / "resume.md").write_text(summary, encoding="utf-8")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(summary)
    print(terminal_text(report, encoding=getattr(sys.stdout, "encoding", None)), end="")
    print(f"Rapport : {relative(report_dir / 'notation.json')}")
    if github:
        print("\n".join(github_commands(report, closing, graded=graded)))


def write_step_outputs(report: Report, closing: str) -> None:
    """Under GitHub Actions, the grade and the closing line as the step's
    outputs: the workflow shows them in the name of a step of its own."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"note={report.points}/{report.max_points}\n")
        out.write(f"suite={' '.join(closing.split())}\n")


def internal_error_line() -> str:
    return (
        "La notation n'a pas pu se faire (erreur interne du correcteur, voir plus haut) : "
        f"ce n'est pas ta faute. Relance-la ({commands.grade_all()}, ou pousse à nouveau) ; "
        "si cela se reproduit, préviens ton enseignant."
    )


def main(argv: Sequence[str] | None = None) -> int:
    french.tolerant_console()
    parser = argparse.ArgumentParser(
        prog="nox -s grade --",
        description="Note le code de l'élève : chaque exercice dans son propre processus.",
    )
    parser.add_argument("exercises", nargs="*", metavar="EXERCICE", help="numéro ou nom (tous)")
    parser.add_argument("--tree", default="exercises", help="code à noter (défaut : exercises)")
    parser.add_argument("--report-dir", type=Path, default=DEFAULT_REPORT_DIR)
    parser.add_argument(
        "--jobs", type=int, default=default_jobs(), help="exercices notés à la fois"
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        default=None,
        help="fichier contenant le jeton de l'exécution, lu puis supprimé (défaut : aléatoire)",
    )
    parser.add_argument("--workflow", type=Path, default=None, help="workflow à empreinter")
    parser.add_argument(
        "--tests-source",
        default=os.environ.get(TESTS_SOURCE_VARIABLE) or None,
        help="d'où viennent les tests (propriétaire/dépôt@commit), noté dans le rapport",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        metavar="SECONDES",
        help="temps maximal par exercice (défaut : deux garde-fous de test + 30 s)",
    )
    parser.add_argument(
        "--codes-de-depart",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="les codes de départ (la renotation) : un exercice resté identique vaut 0 "
        "sans lancer ses tests",
    )
    parser.add_argument(
        "--github",
        action=argparse.BooleanOptionalAction,
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="annotations et notices GitHub (défaut : sous GitHub Actions)",
    )
    args = parser.parse_args(argv)
    tree = TREES.get(args.tree, Path(args.tree)).resolve()
    if not tree.is_dir():
        parser.error(f"le dossier {tree} n'existe pas")
    try:
        exercises = select(load_manifest(), args.exercises)
    except (ManifestError, ValueError) as exc:
        parser.error(str(exc))
    adopt_orphans()
    token = secrets.token_urlsafe(24)
    if args.token_file is not None:
        # A file, not an argument: a command line stays readable in /proc.
        token = args.token_file.read_text(encoding="utf-8").strip()
        args.token_file.unlink()
    internal_error = False
    try:
        report = grade(
            tree,
            exercises,
            jobs=args.jobs,
            token=token,
            workflow=args.workflow,
            tests_source=args.tests_source,
            budget=args.budget,
            starting_code=args.codes_de_depart,
        )
    except Exception as exc:  # the report is written whatever happens
        internal_error = True
        report = internal_error_report(tree, exercises, token, exc)
    leftovers = kill_descendants()
    if leftovers:
        report.warnings.append(
            f"{len(leftovers)} processus lancé(s) par le code noté tournai(en)t encore après "
            "la notation : arrêté(s)."
        )
    everything = load_manifest()
    complete = {ex.id for ex in exercises} >= {ex.id for ex in everything}
    following = None
    if tree == TREES["exercises"].resolve() and not args.github and not internal_error:
        # A student's local grading is a run like any other: where they stand.
        save_verdicts({ex.id: ex.status == PASSED for ex in report.exercises}, tree)
        if not complete:
            following = next_exercise(everything, states(everything, tree))
    how = {
        "github": args.github,
        "complete": complete,
        "following": (following.number, following.title) if following else None,
    }
    then = None if internal_error else next_step(report, **how)
    closing = internal_error_line() if internal_error else closing_line(report, **how)
    write_outputs(
        report,
        args.report_dir,
        github=args.github,
        closing=closing,
        then=then,
        graded=not internal_error,
    )
    if args.github and not internal_error:
        write_step_outputs(report, closing)
    print(closing)
    return EXIT_INTERNAL_ERROR if internal_error else EXIT_GRADED


if __name__ == "__main__":
    sys.exit(main())

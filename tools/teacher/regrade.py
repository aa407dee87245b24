"""The teacher's re-grade: many student checkouts, the authoritative tests.

    nox -s regrade -- --liste ROSTER [--avant "AAAA-MM-JJ HH:MM"] [--base-url URL]
                      [--garder-copies DIR] [--out DIR] [--jobs N] [--exercises 02 04]
    nox -s regrade -- DIR... [--out DIR] ...    (repositories already cloned)
    python -m tools.teacher.regrade ...         (the same, outside nox)
    python -m tools.teacher.regrade --merge a/notes.csv b/notes.csv --out DIR

Collecting the repositories. With `--liste`, tools/teacher/roster.py clones
each repository of the roster (one git URL, local path or owner/name per
line; owner/name needs `--base-url`, e.g. https://github.com) at the last
commit before `--avant`, into a temporary folder removed at the end, or into
`--garder-copies DIR`, which stays. git's credentials serve the clone only.
The manual way still works: clone each repository yourself (`gh repo clone
OWNER/REPO copies/REPO`, then check out the last commit before the deadline)
and pass the folders, `nox -s regrade -- copies/*`. `--clones FILE` grades
the clones `python -m tools.teacher.roster ... --etat FILE` made (the
workflow's way).

Each DIR (each clone) is one student repository. Nothing the student wrote is
trusted except the code to grade: for each DIR a temporary workspace receives
this (teacher's) repository's conftest.py, pyproject.toml, manifest.toml,
tests/__init__.py, the runtime packages (paths.RUNTIME_PACKAGES), tests/public/
and tests/hidden/, plus ONLY
the student's `exercises/*.py` (regular files, not symbolic links). The grader
(tools/grading/grader.py) runs there as a subprocess with `--jobs 1` and a
per-run token; its notation.json is read back with `verify_report`, and the
fingerprints it records must equal those of the teacher's files (student code
that rewrites a test during its run is caught); its exit status only tells
an internal error (3: an error row, not zeros) from a grading done (0). The
student's own rapport/, exit codes and CI results are never read.

Parallelism. At most `--jobs` submissions (default: two per core, as the
grader runs exercises: tools/grading/grader.py, `default_jobs`) are graded at
once, each grader running one pytest process at a time, so at most `--jobs`
pytest processes run together: `nox -s stress` proves the timing bounds of
the hidden tests with that many plus a spinner per core, never more.

Isolation. The grader already confines each exercise (own process group,
budget, output cap). On top, each submission has a wall limit (the sum of its
exercises' budgets, plus a margin; `--limite`): a grader that overruns it is
killed with every process it started, and the submission gets an error row.
The grader runs with a minimal environment (PATH, HOME, temp dirs, locale…):
a token used to clone the roster (GH_TOKEN, GITHUB_TOKEN) is not visible to
the students' code. On Linux it runs inside bubblewrap (tools/teacher/sandbox.py:
loopback only, a read-only system, the workspace as the only writable and
only visible folder of the teacher's, its own PID namespace, limits on
processes and memory). Where bubblewrap is missing or refused the re-grade
stops (exit status 4) and names the choices; `--sans-isolation` grades
anyway, with the teacher's rights, and flags every row "sans isolation".

Flags (column `drapeaux`). A submission is compared with what `nox -s
template` would export TODAY from the teacher's CURRENT files (the
teacher-only support modules, selfcheck.py, regrade.py…, are not expected), or
with `--reference DIR` (e.g. a copy of the export actually handed out): if the
teacher changed a test or pyproject.toml after the export, every submission is
flagged for that file, and `--reference` avoids it. Files are compared by
sha256 with line endings normalised (CRLF = LF: a Windows checkout of an
untouched file is not a modification):
- "tests modifiés : …" any file of tests/public/, the runtime packages, conftest.py,
  manifest.toml or pyproject.toml changed, added or deleted (each one named);
- "workflow modifié" .github/workflows/classroom.yml differs or is missing;
- "exercices manquants : …" an exercise file is missing (not a regular file);
- "pas un dépôt git" (then no commit); "exercises/ diffère du commit" when the
  checkout has uncommitted changes under exercises/ (what is graded is the
  files on disk);
- "ERREUR : …" the submission could not be graded (error row, no points);
- "sans isolation (--sans-isolation)": graded outside the sandbox (not in
  the student's resume.md: it is the teacher's business).
The commit date is the committer date recorded in the commit: the student can
set it, it is no proof of punctuality (GitHub's push events are).

Output (`--out`, default ./notes-<date>; a folder the re-grade creates gets
a .gitignore of `*`, so that names and grades never reach a commit):
- notes.csv: UTF-8 with BOM (Excel recognises the accents), semicolon-separated
  (what a French Excel expects when the file is double-clicked),
  fields quoted when needed (RFC 4180, CRLF line ends); columns eleve, commit,
  date_commit, exNN (points, one per exercise of the manifest), total, max,
  drapeaux, duree_s (whole seconds: no decimal separator to misread). Only
  integers, so a French spreadsheet reads every number. Rows in input order;
  an error row leaves the points empty. Running again on the same DIRs gives
  the same file, durations aside. It is rewritten after every submission, so
  an interrupted run keeps what was done.
- <eleve>/notation.json (the grader's record), <eleve>/resume.md (Markdown to
  send back to the student: commit, remarks, the grader's summary) and
  <eleve>/journal.txt (the end of the grader's output).

Time. One grader run per submission, one core each. An exercise whose file
is still the starting code handed out (--reference, else the teacher's stubs
as last committed) gets 0 without running its tests (the grader's
--codes-de-depart): an untouched submission takes about 2 s here (2 cores,
20 of them in 5,8 s with --jobs 2). A wrong answer stops at its first failing
test; a finished one runs every test, about 30 s. N submissions take about
N x (mean time per submission) / jobs: for 200 on 2 cores, about 1 min if none
started, 50 min if all finished. The progress line estimates what is left the
same way (`remaining_time`): the submissions waiting at the mean time measured
so far, shared among the jobs, after what the running ones still need.

Beyond one machine: .github/workflows/renotation.yml, a GitHub Actions
matrix over the roster in the teacher's repository. A first job checks the
repository out, deletes .git, solutions/, tests/mutants/, tests/alternatives/
and tests/unit/ and uploads the rest as an artifact: the students' code runs
on the matrix runners and must find no solution there. The roster is cut
into K contiguous slices; matrix job k, with `permissions: {}` (an artifact
of the same run needs no token), downloads that artifact, clones its slice in
one step with a read-only token set on that step only (`python -m
tools.teacher.roster ROSTER --dest copies --base-url URL --tranche k/K
--avant ... --etat clones.json`), then, in the next step, without any
token, runs `python -m tools.teacher.regrade --clones clones.json --out
notes-0k` (zero-padded, so that the names sort) and uploads notes-0k/ as an
artifact. A last job downloads every artifact (one folder each) and runs
`python -m tools.teacher.regrade --merge notes-*/notes.csv --out notes`: the
rows keep the roster's order. By hand, the same slices work with `gh repo
clone` and `nox -s regrade -- copies/* --out notes-0k`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import glob
import heapq
import io
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tools.common import french
from tools.common.line_endings import lf, lf_sha256
from tools.common.manifest import Exercise, ManifestError, load_manifest, select
from tools.common.paths import ROOT, STARTING_CODE, runtime_modules
from tools.grading.grader import EXIT_INTERNAL_ERROR, JOBS_PER_CORE, budget_for, default_jobs
from tools.grading.processes import descendants_with_groups, kill_group, start_in_group
from tools.grading.report import Report, markdown_summary, sha256_of, verify_report
from tools.teacher.class_report import write_class_report
from tools.teacher.roster import (
    RosterEntry,
    RosterError,
    clone_roster,
    parse_deadline,
    read_roster,
    read_state,
)
from tools.teacher.sandbox import Sandbox, SandboxUnavailable
from tools.teacher.template import student_files

# What the workspace takes from the teacher's repository.
TEACHER_FILES = (
    "conftest.py", "pyproject.toml", "uv.lock", "manifest.toml", "tests/__init__.py",
)  # fmt: skip
TEACHER_DIRS = ("tests/public", "tests/hidden")  # and the runtime modules
# What decides whether a student touched the tests (they have no hidden tests).
COMPARED_FILES = ("conftest.py", "manifest.toml", "pyproject.toml")
COMPARED_DIRS = ("tools", "tests/support", "tests/public")
WORKFLOW = ".github/workflows/classroom.yml"
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
JUNK_SUFFIXES = (".pyc", ".pyo", "~", ".swp", ".orig", ".rej")

MAX_EXERCISE_BYTES = 5 * 2**20  # a larger "exercise" is not copied: nobody writes that by hand
MAX_LOG_BYTES = 50 * 2**20  # the grader's own output is small; this is a guard
LOG_TAIL_BYTES = 64 * 1024
WALL_MARGIN = 120.0  # grader start-up, reports, a loaded machine
CSV_DELIMITER = ";"  # a French Excel splits on semicolons
POLL_SECONDS = 0.2
GIT_TIMEOUT = 30.0
SUBMISSION_FOLDER = re.compile(r"[^\w.-]+")
# No sandbox here and no --sans-isolation: nothing graded (the message says the choices).
EXIT_NO_SANDBOX = 4
# In the flags of a submission graded outside the sandbox.
NOT_ISOLATED = "sans isolation (--sans-isolation)"
# Written in the output folder the re-grade creates: git ignores all of it.
OUTPUT_GITIGNORE = "# Noms et notes des élèves (nox -s regrade) : jamais dans un commit.\n*\n"

# The only variables the grader (and so the students' code) inherits.
ENV_KEEP = (
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
    "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT",
    "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA", "NUMBER_OF_PROCESSORS",
    "PROCESSOR_ARCHITECTURE",
)  # fmt: skip


# -- looking at a submission ------------------------------------------------------


def _is_junk(relative: Path) -> bool:
    return (
        bool(IGNORED_PARTS.intersection(relative.parts))
        or relative.name in JUNK_NAMES
        or relative.name.endswith(JUNK_SUFFIXES)
    )


def in_compared_scope(relative: str) -> bool:
    return relative in COMPARED_FILES or relative.startswith(
        tuple(f"{folder}/" for folder in COMPARED_DIRS)
    )


def compared_files(root: Path) -> dict[str, str]:
    """{relative path: normalised sha256} of the files of `root` that decide
    the grading (editors' and tools' leftovers aside)."""
    found: dict[str, str] = {}
    for name in COMPARED_FILES:
        path = root / name
        if path.is_file():
            found[name] = lf_sha256(path)
    for folder in COMPARED_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not _is_junk(relative):
                found[relative.as_posix()] = lf_sha256(path)
    return found


@dataclass(frozen=True)
class Reference:
    """What an untouched submission holds: {path: normalised sha256} of the
    compared files, and the workflow's (None: the workflow is not checked)."""

    files: dict[str, str]
    workflow: str | None

    @classmethod
    def of_teacher(cls, root: Path = ROOT) -> Reference:
        """What `nox -s template` would export today from `root`: the
        teacher-only support modules (selfcheck.py, regrade.py…) are not in
        the students' repositories and must not count as deleted."""
        shipped = student_files(root)
        files = {
            rel: lf_sha256(source)
            for rel, source in shipped.items()
            if in_compared_scope(rel) and not _is_junk(Path(rel))
        }
        workflow = shipped.get(WORKFLOW)
        return cls(files, lf_sha256(workflow) if workflow is not None else None)

    @classmethod
    def of_tree(cls, root: Path) -> Reference:
        """The files of a repository as they are (e.g. an earlier export)."""
        workflow = root / WORKFLOW
        return cls(compared_files(root), lf_sha256(workflow) if workflow.is_file() else None)


def edited_tests(student: Path, reference: Reference) -> list[str]:
    """Every compared file that differs, with "(ajouté)" / "(supprimé)"."""
    theirs = compared_files(student)
    ours = reference.files
    changes = []
    for name in sorted(set(theirs) | set(ours)):
        if name not in ours:
            changes.append(f"{name} (ajouté)")
        elif name not in theirs:
            changes.append(f"{name} (supprimé)")
        elif theirs[name] != ours[name]:
            changes.append(name)
    return changes


@dataclass(frozen=True)
class GitInfo:
    commit: str = ""  # empty: not a git repository, or no commit yet
    date: str = ""  # committer date, ISO 8601
    is_repo: bool = False
    dirty: bool = False  # uncommitted changes under exercises/


def _git(path: Path, *args: str) -> str | None:
    # safe.directory: clones made by another user are still read; fsmonitor:
    # a repository's own configuration never starts a program here.
    command = [
        "git", "-c", "safe.directory=*", "-c", "core.fsmonitor=false", "-C", str(path), *args,
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_info(path: Path) -> GitInfo:
    """The commit checked out in `path`, if `path` is the top of a git work tree
    (a plain folder inside some other repository is not a student repository)."""
    top = _git(path, "rev-parse", "--show-toplevel")
    if top is None or not _same_path(Path(top), path):
        return GitInfo()
    head = _git(path, "log", "-1", "--format=%H%n%cI")
    if not head:
        return GitInfo(is_repo=True)
    commit, _, when = head.partition("\n")
    status = _git(path, "status", "--porcelain", "--", "exercises")
    return GitInfo(commit=commit, date=when, is_repo=True, dirty=bool(status))


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False


def exercise_file(student: Path, exercise: Exercise) -> Path | None:
    """The student's file for `exercise` if it can be graded: a regular file,
    not a symbolic link (it could point anywhere on the teacher's disk)."""
    path = student / "exercises" / exercise.file_name
    if path.is_symlink() or not path.is_file():
        return None
    return path


@dataclass(frozen=True)
class Inspection:
    """What the submission looks like, before any grading."""

    name: str
    path: Path
    git: GitInfo
    edited_tests: list[str]
    workflow: str  # "identique", "modifié", "absent" or "non vérifié"
    missing: list[str]  # "exNN" of the missing exercise files
    exists: bool = True

    def flags(self) -> list[str]:
        flags: list[str] = []
        if not self.exists:
            return flags
        if self.edited_tests:
            flags.append("tests modifiés : " + ", ".join(self.edited_tests))
        if self.workflow == "modifié":
            flags.append("workflow modifié")
        elif self.workflow == "absent":
            flags.append("workflow modifié (absent)")
        if self.missing:
            flags.append("exercices manquants : " + ", ".join(self.missing))
        if not self.git.is_repo:
            flags.append("pas un dépôt git")
        elif self.git.dirty:
            flags.append("exercises/ diffère du commit")
        return flags


def inspect_submission(
    path: Path, name: str, exercises: Sequence[Exercise], reference: Reference
) -> Inspection:
    if not path.is_dir():  # nothing to compare: the error row says why
        return Inspection(name, path, GitInfo(), [], "non vérifié", [], exists=False)
    theirs = path / WORKFLOW
    if reference.workflow is None:
        workflow = "non vérifié"
    elif not theirs.is_file():
        workflow = "absent"
    elif lf_sha256(theirs) != reference.workflow:
        workflow = "modifié"
    else:
        workflow = "identique"
    return Inspection(
        name=name,
        path=path,
        git=git_info(path),
        edited_tests=edited_tests(path, reference),
        workflow=workflow,
        missing=[f"ex{ex.number}" for ex in exercises if exercise_file(path, ex) is None],
    )


# -- the grading workspace -----------------------------------------------------------


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(*IGNORED_PARTS, "*.pyc"),
        copy_function=shutil.copyfile,  # contents only: no permissions nor times
    )


def copy_teacher_files(teacher: Path, dest: Path) -> None:
    """The teacher's tests, their support code and configuration."""
    runtime = [path.relative_to(teacher).as_posix() for path in runtime_modules(teacher)]
    for name in (*TEACHER_FILES, *runtime):
        source = teacher / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest / name)
    for folder in (*TEACHER_DIRS, STARTING_CODE):
        if (teacher / folder).is_dir():
            _copy_tree(teacher / folder, dest / folder)


def starting_code(teacher: Path, reference: Path | None) -> dict[str, bytes]:
    """The exercises' starting code, by file name: the export handed out
    (--reference), else the teacher's stubs as last committed. A stub
    changed since its last commit, or without git, is left out: a file
    identical to one the self-check never proved failing must be graded."""
    if reference is not None:
        folder = reference / "exercises"
        return {
            path.name: path.read_bytes()
            for path in sorted(folder.glob("*.py"))
            if path.is_file() and not path.is_symlink()
        }
    found: dict[str, bytes] = {}
    for path in sorted((teacher / "exercises").glob("*.py")):
        committed = subprocess.run(
            ["git", "show", f"HEAD:exercises/{path.name}"],
            cwd=teacher, capture_output=True, check=False,
        )  # fmt: skip
        on_disk = path.read_bytes()
        # Line endings aside: git may check files out with CRLF (Windows).
        if committed.returncode == 0 and lf(committed.stdout) == lf(on_disk):
            found[path.name] = on_disk
    return found


def build_workspace(workspace: Path, student: Path, teacher: Path = ROOT) -> None:
    """The teacher's tests and configuration, and the student's exercises only."""
    copy_teacher_files(teacher, workspace)
    exercises = workspace / "exercises"
    exercises.mkdir(parents=True, exist_ok=True)
    source_dir = student / "exercises"
    if source_dir.is_dir() and not source_dir.is_symlink():
        for path in sorted(source_dir.glob("*.py")):
            if path.is_symlink() or not path.is_file():
                continue
            if path.stat().st_size > MAX_EXERCISE_BYTES:
                continue
            shutil.copyfile(path, exercises / path.name)
    # Not run: only fingerprinted into notation.json, as the student's CI does.
    workflow = student / WORKFLOW
    if workflow.is_file() and not workflow.is_symlink():
        (workspace / WORKFLOW).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workflow, workspace / WORKFLOW)


def expected_fingerprints(root: Path) -> dict[str, str]:
    """What the grader's notation.json must list for the files of `root`
    (the same files as grader.fingerprints(), raw sha256)."""
    files = [
        root / "conftest.py",
        root / "pyproject.toml",
        root / "manifest.toml",
        *runtime_modules(root),
        *sorted((root / "tests" / "public").glob("*.py")),
        *sorted((root / "tests" / "hidden").glob("*.py")),
    ]
    return {f.relative_to(root).as_posix(): sha256_of(f) for f in files if f.is_file()}


def grading_environment() -> dict[str, str]:
    env = {key: os.environ[key] for key in ENV_KEEP if key in os.environ}
    env["PYTHONUTF8"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


# -- stopping a grader with everything it started -------------------------------------


def stop_grader(process: subprocess.Popen[bytes]) -> None:
    """Kill the grader and everything it started. Its pytest processes live in
    their own process groups (sessions), out of reach of the grader's group."""
    if sys.platform == "win32":
        kill_group(process)  # taskkill /T: the whole tree
        return
    tree = descendants_with_groups(process.pid)
    kill_group(process)
    own_group = os.getpgrp()
    for group in sorted({g for _, g in tree} - {own_group, process.pid, -1}):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)
    for pid, _ in tree:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


# -- grading one submission -------------------------------------------------------------


@dataclass
class Outcome:
    inspection: Inspection
    report: Report | None = None
    error: str | None = None
    duration: float = 0.0
    log_tail: str = ""
    isolated: bool = True  # graded inside the sandbox (tools/teacher/sandbox.py)
    notes: list[str] = field(default_factory=list)  # from the roster's clone

    @property
    def flags(self) -> list[str]:
        flags = [*self.inspection.flags(), *self.notes]
        if self.error:
            flags.append(f"ERREUR : {self.error}")
        if not self.isolated:
            flags.append(NOT_ISOLATED)
        return flags


@dataclass
class Batch:
    """What every submission of one run shares."""

    exercises: list[Exercise]
    selectors: list[str]  # passed to the grader as they are ("02", "04")
    reference: Reference
    teacher: Path = ROOT  # where the workspaces' tests come from (a snapshot in regrade)
    limit: float | None = None  # wall limit of one submission, seconds
    stop: threading.Event = field(default_factory=threading.Event)
    # None: graded without isolation (--sans-isolation), and flagged so.
    sandbox: Sandbox | None = None
    # From the roster (--liste): why a repository could not be cloned, and
    # what the clone of one says (later commits left out), by folder.
    clone_errors: dict[Path, str] = field(default_factory=dict)
    clone_notes: dict[Path, list[str]] = field(default_factory=dict)
    reference_dir: Path | None = None  # --reference: the export handed out

    @property
    def wall_limit(self) -> float:
        if self.limit is not None:
            return self.limit
        return sum(budget_for(ex) for ex in self.exercises) + WALL_MARGIN


def _tail(path: Path, size: int = LOG_TAIL_BYTES) -> str:
    try:
        with path.open("rb") as log:
            log.seek(max(0, path.stat().st_size - size))
            return log.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


@dataclass(frozen=True)
class GraderRun:
    error: str | None  # why the run was stopped, if it was
    returncode: int | None
    log_tail: str


def run_grader(workspace: Path, batch: Batch, token: str) -> GraderRun:
    """Run the grader in `workspace`, within the submission's wall limit."""
    # The grader reads the token and deletes the file before any student code
    # runs: on its command line it would stay readable in /proc.
    token_file = workspace / ".jeton"
    token_file.write_text(token, encoding="utf-8")
    command = [
        sys.executable, "-m", "tools.grading.grader", "--no-github", "--jobs", "1",
        "--report-dir", str(workspace / "rapport"), "--token-file", str(token_file),
        "--tree", "exercises",
    ]  # fmt: skip
    if (workspace / WORKFLOW).is_file():
        command += ["--workflow", WORKFLOW]
    if (workspace / STARTING_CODE).is_dir():
        command += ["--codes-de-depart", STARTING_CODE]
    command += batch.selectors
    env = grading_environment()
    if batch.sandbox is not None:
        uid = batch.sandbox.prepare(workspace)
        command = batch.sandbox.command(command, workspace, env, uid)
    log_path = workspace / "notation.log"
    start = time.perf_counter()
    error: str | None = None
    with log_path.open("wb") as log:
        process = start_in_group(command, cwd=workspace, env=env, output=log)
        try:
            while True:
                try:
                    process.wait(timeout=POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if batch.stop.is_set():
                    error = "notation interrompue"
                    break
                if time.perf_counter() - start > batch.wall_limit:
                    limit = french.decimal(batch.wall_limit, 0)
                    error = f"notation arrêtée au bout de {limit} s (limite)"
                    break
                if log_path.stat().st_size > MAX_LOG_BYTES:
                    error = "le correcteur a écrit beaucoup trop de texte"
                    break
        finally:
            if process.poll() is None:
                stop_grader(process)
            else:
                kill_group(process)  # stragglers of the grader's own group
            process.wait()
    return GraderRun(error, process.returncode, _tail(log_path))


def grade_submission(inspection: Inspection, batch: Batch) -> Outcome:
    start = time.perf_counter()
    outcome = Outcome(inspection, isolated=batch.sandbox is not None)
    outcome.notes = batch.clone_notes.get(inspection.path, [])
    if inspection.path in batch.clone_errors:
        outcome.error = batch.clone_errors[inspection.path]
        return outcome
    if not inspection.path.is_dir():
        outcome.error = "dossier introuvable"
        return outcome
    token = secrets.token_urlsafe(24)
    try:
        # What the students' code leaves behind (read-only folders…) must not
        # turn a finished grading into an error.
        with tempfile.TemporaryDirectory(prefix="renotation-", ignore_cleanup_errors=True) as tmp:
            workspace = Path(tmp)
            build_workspace(workspace, inspection.path, batch.teacher)
            expected = expected_fingerprints(workspace)
            run = run_grader(workspace, batch, token)
            outcome.log_tail = run.log_tail
            outcome.report, outcome.error = read_report(workspace, run, token, batch, expected)
    except OSError as exc:
        outcome.error = f"copie impossible ({type(exc).__name__})"
    outcome.duration = time.perf_counter() - start
    return outcome


def read_report(
    workspace: Path, run: GraderRun, token: str, batch: Batch, expected: dict[str, str]
) -> tuple[Report | None, str | None]:
    """The grader's report, and why it cannot be used (None if it can).
    Messages name no temporary path: the CSV must not change from run to run."""
    if run.error is not None:
        return None, run.error
    path = workspace / "rapport" / "notation.json"
    if not path.is_file():
        return None, f"le correcteur n'a pas écrit de rapport (code de sortie {run.returncode})"
    try:
        report = verify_report(path, token)
    except ValueError as exc:
        return None, "rapport rejeté : " + str(exc).replace(str(path), "notation.json")
    if run.returncode == EXIT_INTERNAL_ERROR:  # its zeros are not the student's
        return report, "erreur interne du correcteur (voir journal.txt)"
    if [ex.id for ex in report.exercises] != [ex.id for ex in batch.exercises]:
        return report, "le rapport ne porte pas sur les exercices demandés"
    # What the grader says it started with, and what is on disk once it ended:
    # the student's code can reach the workspace (the grader's folder).
    for seen in (report.fingerprints, expected_fingerprints(workspace)):
        if seen != expected:
            changed = sorted(
                name for name in set(seen) | set(expected) if seen.get(name) != expected.get(name)
            )
            return report, "fichiers de test modifiés pendant la notation : " + ", ".join(changed)
    return report, None


# -- the CSV and the per-student folders ----------------------------------------------


def csv_header(exercises: Sequence[Exercise]) -> list[str]:
    return [
        "eleve", "commit", "date_commit", *(f"ex{ex.number}" for ex in exercises),
        "total", "max", "drapeaux", "duree_s",
    ]  # fmt: skip


def csv_row(outcome: Outcome, exercises: Sequence[Exercise]) -> list[str]:
    # Whole numbers only (points, seconds): no decimal separator at all, so a
    # French spreadsheet reads each as a number ("12.5" would be text, or a
    # date, to a French Excel; "12,5" text to tools that read the CSV as
    # data), and --merge copies the cells back as they are.
    git = outcome.inspection.git
    graded = outcome.report is not None and outcome.error is None
    if graded and outcome.report is not None:
        points = {ex.id: str(ex.points) for ex in outcome.report.exercises}
        cells = [points.get(ex.id, "") for ex in exercises]
        total = str(outcome.report.points)
    else:
        cells, total = ["" for _ in exercises], ""
    return [
        outcome.inspection.name,
        git.commit,
        git.date,
        *cells,
        total,
        str(sum(ex.points for ex in exercises)),
        " ; ".join(outcome.flags),
        str(round(outcome.duration)),
    ]


def make_output_folder(out: Path) -> None:
    """Create `out` ignored by git: it holds names and grades, which must not
    end up in a commit of whatever repository it is in. A folder that already
    exists is left as it is (it may be the teacher's own, tracked one)."""
    if out.is_dir():
        return
    out.mkdir(parents=True)
    (out / ".gitignore").write_text(OUTPUT_GITIGNORE, encoding="utf-8")


def write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    """UTF-8 with BOM, semicolons, minimal quoting, CRLF; written then renamed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    os.replace(partial, path)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source, delimiter=CSV_DELIMITER))
    if not rows:
        raise ValueError(f"{path} : fichier vide")
    return rows[0], rows[1:]


def student_summary(outcome: Outcome) -> str:
    git = outcome.inspection.git
    lines = [f"# Correction de l'enseignant — {outcome.inspection.name}", ""]
    if git.commit:
        when = f" du {git.date}" if git.date else ""
        lines.append(f"Commit noté : `{git.commit}`{when}")
    elif git.is_repo:
        lines.append("Commit noté : aucun (le dépôt n'a pas de commit)")
    else:
        lines.append("Commit noté : aucun (ce n'est pas un dépôt git)")
    flags = [flag for flag in outcome.flags if flag != NOT_ISOLATED]  # the teacher's business
    if flags:
        lines += ["", "Remarques :", *(f"- {flag}" for flag in flags)]
    lines.append("")
    if outcome.report is not None and outcome.error is None:
        lines.append(markdown_summary(outcome.report))
    else:
        lines.append("La notation de ce dépôt n'a pas abouti ; l'enseignant va l'examiner.\n")
    return "\n".join(lines)


def write_student_folder(folder: Path, outcome: Outcome) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "notation.json"
    if outcome.report is not None:
        record.write_text(outcome.report.to_json(), encoding="utf-8")
    else:
        record.unlink(missing_ok=True)  # never leave an earlier run's record
    (folder / "resume.md").write_text(student_summary(outcome), encoding="utf-8")
    (folder / "journal.txt").write_text(outcome.log_tail, encoding="utf-8")


def folder_names(paths: Sequence[Path]) -> list[str]:
    """One name per submission, from its folder's name, made unique by
    suffixes in input order (two clones may share a name)."""
    names: list[str] = []
    for path in paths:
        base = SUBMISSION_FOLDER.sub("_", path.resolve().name).strip("._") or "depot"
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        names.append(name)
    return names


def class_mean(totals: Iterable[str]) -> float | None:
    values = [int(t) for t in totals if t.strip().lstrip("-").isdigit()]
    return sum(values) / len(values) if values else None


def remaining_time(
    durations: Sequence[float], running: Sequence[float], waiting: int, jobs: int
) -> float:
    """Seconds until the last submission is graded, from the time each graded
    one took (`durations`), how long each running one has been running
    (`running`) and how many wait, `jobs` at a time.

    A running submission is expected to take what the graded ones that ran
    longer took beyond its time so far, on average (nothing if none ran that
    long); a waiting one, the mean time of a submission, on the first worker
    free, in turn (the pool takes them in order)."""
    if not durations:
        raise ValueError("aucun dépôt noté : pas d'estimation")
    mean = sum(durations) / len(durations)

    def left(elapsed: float) -> float:
        longer = [d - elapsed for d in durations if d > elapsed]
        return sum(longer) / len(longer) if longer else 0.0

    free_at = [left(elapsed) for elapsed in running]
    free_at += [0.0] * max(0, max(1, jobs) - len(free_at))
    heapq.heapify(free_at)
    for _ in range(waiting):
        heapq.heapreplace(free_at, free_at[0] + mean)
    return max(free_at)


def duration_text(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


# -- the whole batch --------------------------------------------------------------------


def expand(arguments: Sequence[str]) -> list[Path]:
    """The DIRs, in the order given; a pattern the shell did not expand
    (Windows) is expanded here, sorted."""
    paths: list[Path] = []
    for argument in arguments:
        if not Path(argument).exists() and glob.has_magic(argument):
            paths += [Path(p) for p in sorted(glob.glob(argument)) if Path(p).is_dir()]
        else:
            paths.append(Path(argument))
    return paths


def say(text: str) -> None:
    print(text, flush=True)  # under nox the output is a pipe: show progress now


def regrade(
    paths: Sequence[Path],
    out: Path,
    batch: Batch,
    jobs: int,
    say: Callable[[str], None] = say,
) -> list[Outcome]:
    """Grade every submission, at most `jobs` at once; write notes.csv and the
    per-student folders in `out`. Returns the outcomes in input order."""
    make_output_folder(out)
    names = folder_names(paths)
    header = csv_header(batch.exercises)
    outcomes: list[Outcome | None] = [None] * len(paths)
    lock = threading.Lock()
    started: dict[int, float] = {}  # submissions being graded: when each one started
    total = len(paths)

    def one(index: int) -> Outcome:
        with lock:
            started[index] = time.perf_counter()
        path = paths[index]
        inspection = inspect_submission(path, names[index], batch.exercises, batch.reference)
        return grade_submission(inspection, batch)

    def finished(index: int, outcome: Outcome) -> None:
        with lock:
            started.pop(index, None)
            outcomes[index] = outcome
            write_student_folder(out / names[index], outcome)
            write_csv(
                out / "notes.csv",
                header,
                (csv_row(o, batch.exercises) for o in outcomes if o is not None),
            )
            graded = [o.duration for o in outcomes if o is not None]
            done = len(graded)
            now = time.perf_counter()
            running = [now - since for since in started.values()]
            left = remaining_time(graded, running, total - done - len(running), jobs)
            if outcome.error is None and outcome.report is not None:
                result = f"{outcome.report.points}/{outcome.report.max_points}"
            else:
                result = f"ERREUR ({outcome.error})"
            if done == total:
                eta = ""
            elif left >= 1:
                eta = f" — reste environ {duration_text(left)}"
            else:  # the ones running already took longer than any graded so far
                eta = f" — reste : {len(running)} dépôt(s) en cours de notation"
            say(
                f"[{done}/{total}] {names[index]} : {result} en "
                f"{duration_text(outcome.duration)}{eta}"
            )

    with (
        tempfile.TemporaryDirectory(prefix="renotation-enseignant-") as snapshot,
        ThreadPoolExecutor(max_workers=max(1, jobs)) as pool,
    ):
        # Every submission is graded with the same tests, even if the teacher's
        # files change while the batch runs.
        copy_teacher_files(batch.teacher, Path(snapshot))
        stubs = Path(snapshot) / STARTING_CODE
        stubs.mkdir()
        for name, content in starting_code(batch.teacher, batch.reference_dir).items():
            (stubs / name).write_bytes(content)
        batch = replace(batch, teacher=Path(snapshot))
        futures: dict[Future[Outcome], int] = {pool.submit(one, i): i for i in range(total)}
        try:
            for future in as_completed(futures):
                index = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # a bug here must not lose the other rows
                    inspection = Inspection(names[index], paths[index], GitInfo(), [], "", [])
                    outcome = Outcome(inspection, error=f"erreur interne : {exc!r}")
                finished(index, outcome)
        except KeyboardInterrupt:
            batch.stop.set()  # running graders are killed, waiting ones skipped
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [o for o in outcomes if o is not None]


def merge(sources: Sequence[Path], out: Path) -> tuple[list[str], list[list[str]]]:
    """One CSV from the slices' CSVs, rows in the order of the files given."""
    header: list[str] | None = None
    rows: list[list[str]] = []
    for source in sources:
        their_header, their_rows = read_csv(source)
        if header is None:
            header = their_header
        elif their_header != header:
            raise ValueError(f"{source} : colonnes différentes de celles de {sources[0]}")
        rows += their_rows
    if header is None:
        raise ValueError("aucun fichier à fusionner")
    make_output_folder(out)
    write_csv(out / "notes.csv", header, rows)
    # Each student's folder comes along, so that the class page has the details.
    for source in sources:
        for row in read_csv(source)[1]:
            name = row[0] if row else ""
            folder = source.parent / name
            plain = name == Path(name).name and not name.startswith(".")
            if plain and folder.is_dir() and not (out / name).exists():
                shutil.copytree(folder, out / name)
    return header, rows


def summary_line(header: list[str], rows: list[list[str]]) -> str:
    column, maximum = header.index("total"), header.index("max")
    mean = class_mean(row[column] for row in rows)
    errors = sum(not row[column].strip() for row in rows)
    max_points = rows[0][maximum] if rows else "?"
    graded = len(rows) - errors
    mean_text = "—" if mean is None else f"{french.decimal(mean, 1)}/{max_points}"
    return f"Moyenne de la classe : {mean_text} sur {graded} dépôt(s) noté(s)" + (
        f", {errors} en erreur (voir la colonne drapeaux)" if errors else ""
    )


def main(argv: Sequence[str] | None = None) -> int:
    french.tolerant_console()
    parser = argparse.ArgumentParser(
        prog="nox -s regrade --",
        description=(
            "Note à nouveau les dépôts des élèves (un dossier cloné chacun) avec les tests de "
            "ce dépôt, tests cachés compris, et écrit notes.csv."
        ),
    )
    parser.add_argument("dirs", nargs="*", metavar="DOSSIER", help="un dépôt d'élève cloné")
    parser.add_argument(
        "--liste",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="les dépôts à cloner puis noter, un par ligne (adresse git ou propriétaire/nom)",
    )
    parser.add_argument(
        "--avant",
        default=None,
        metavar="'AAAA-MM-JJ HH:MM'",
        help="avec --liste : chaque dépôt au dernier commit avant cette date (heure locale)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="avec --liste : le serveur des lignes propriétaire/nom (https://github.com)",
    )
    parser.add_argument(
        "--clones",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="les clones déjà faits par python -m tools.teacher.roster … --etat FICHIER",
    )
    parser.add_argument(
        "--garder-copies",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="avec --liste : les clones restent dans ce dossier (défaut : supprimés à la fin)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="dossier des résultats (défaut : ./notes-AAAA-MM-JJ)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help="dépôts notés en même temps, un processus pytest chacun (défaut : deux par cœur)",
    )
    parser.add_argument(
        "--exercises",
        nargs="+",
        action="extend",
        default=[],
        metavar="EXERCICE",
        help="ne noter que ces exercices (numéro ou nom), après les dossiers : … --exercises 02 04",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help=(
            "dépôt auquel comparer les tests et le workflow des élèves, par exemple l'export "
            "distribué (défaut : ce que nox -s template exporterait aujourd'hui)"
        ),
    )
    parser.add_argument(
        "--limite",
        type=float,
        default=None,
        metavar="SECONDES",
        help="durée maximale de la notation d'un dépôt (défaut : somme des budgets des exercices)",
    )
    parser.add_argument(
        "--sans-isolation",
        action="store_true",
        help=(
            "note sans bac à sable (bubblewrap) : le code des élèves peut alors lire vos "
            "fichiers et utiliser le réseau ; chaque ligne de notes.csv le signale"
        ),
    )
    parser.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        default=None,
        metavar="CSV",
        help="fusionne des notes.csv (une tranche de la classe chacun) dans --out",
    )
    args = parser.parse_args(argv)
    out: Path = args.out or Path(f"notes-{date.today().isoformat()}")

    if args.merge is not None:
        if args.dirs:
            parser.error("--merge ne prend pas de dossier d'élève")
        try:
            header, rows = merge(args.merge, out)
        except (OSError, ValueError, csv.Error) as exc:
            parser.error(str(exc))
        names = [row[0] for row in rows if row]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            say("Attention : élève(s) présent(s) dans plusieurs fichiers : " + ", ".join(twice))
        say(f"{len(rows)} ligne(s) fusionnée(s) dans {out / 'notes.csv'}")
        say(summary_line(header, rows))
        say(f"Page de la classe : {write_class_report(out, load_manifest())}")
        return 0

    entries: list[RosterEntry] = []
    cloned: list[tuple[Path, str | None, int]] = []
    before = None
    if args.liste is not None:
        if args.dirs:
            parser.error("--liste remplace les dossiers d'élèves : donne l'un ou l'autre")
        try:
            entries = read_roster(args.liste, args.base_url)
            before = parse_deadline(args.avant) if args.avant else None
        except RosterError as exc:
            parser.error(str(exc))
    elif args.clones is not None:
        if args.dirs:
            parser.error("--clones remplace les dossiers d'élèves : donne l'un ou l'autre")
        try:
            cloned = read_state(args.clones)
        except RosterError as exc:
            parser.error(str(exc))
    elif args.avant or args.base_url or args.garder_copies:
        parser.error("--avant, --base-url et --garder-copies vont avec --liste")
    elif not args.dirs:
        parser.error("donne au moins un dossier d'élève (ou --liste, ou --merge)")
    if args.jobs < 1:
        parser.error("--jobs doit être au moins 1")
    try:
        exercises = select(load_manifest(), args.exercises)
    except (ManifestError, ValueError) as exc:
        parser.error(str(exc))
    sandbox: Sandbox | None = None
    if args.sans_isolation:
        say("Attention : notation sans isolation (--sans-isolation), notée dans notes.csv")
    else:
        try:
            sandbox = Sandbox.find()
        except SandboxUnavailable as exc:
            print(f"Re-notation impossible sans isolation : {exc}", file=sys.stderr)
            return EXIT_NO_SANDBOX
    with contextlib.ExitStack() as cleanup:
        clone_errors: dict[Path, str] = {}
        clone_notes: dict[Path, list[str]] = {}
        if entries:
            if args.garder_copies is not None:
                copies = args.garder_copies
                copies.mkdir(parents=True, exist_ok=True)
            else:
                copies = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="copies-")))
            clones = clone_roster(entries, copies, before, say=say)
            cloned = [(clone.folder, clone.error, clone.ignored) for clone in clones]
        if cloned:
            paths = [folder for folder, _, _ in cloned]
            for folder, error, ignored in cloned:
                if error is not None:
                    clone_errors[folder.resolve()] = f"clonage : {error}"
                elif ignored:
                    clone_notes[folder.resolve()] = [
                        f"{ignored} commit(s) après la date limite, non noté(s)"
                    ]
        else:
            paths = expand(args.dirs)
        return _grade_all(args, parser, paths, out, exercises, sandbox, clone_errors, clone_notes)


def _grade_all(
    args: argparse.Namespace,
    parser: argparse.ArgumentParser,
    paths: list[Path],
    out: Path,
    exercises: list[Exercise],
    sandbox: Sandbox | None,
    clone_errors: dict[Path, str],
    clone_notes: dict[Path, list[str]],
) -> int:
    """The grading itself, once the submissions are on disk."""
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    if len(unique) < len(paths):
        say(
            f"Attention : {len(paths) - len(unique)} dossier(s) donné(s) deux fois, "
            "noté(s) une seule fois"
        )
    if args.reference is not None and not args.reference.is_dir():
        parser.error(f"--reference : le dossier {args.reference} n'existe pas")
    reference = (
        Reference.of_teacher() if args.reference is None else Reference.of_tree(args.reference)
    )
    batch = Batch(
        exercises=exercises,
        selectors=[ex.number for ex in exercises] if args.exercises else [],
        reference=reference,
        limit=args.limite,
        sandbox=sandbox,
        clone_errors=clone_errors,
        clone_notes=clone_notes,
        reference_dir=args.reference,
    )
    if reference.workflow is None:
        say(f"Attention : pas de {WORKFLOW} de référence, le workflow n'est pas vérifié")
    cores = os.cpu_count() or 1
    if args.jobs > default_jobs():
        say(
            f"Attention : {args.jobs} dépôts à la fois sur {cores} cœur(s) ; les bornes de temps "
            f"des tests ont été éprouvées avec {JOBS_PER_CORE} processus par cœur au plus : des "
            "copies justes peuvent échouer."
        )
    jobs = min(args.jobs, len(unique))
    numbers = " ".join(ex.number for ex in exercises)
    say(
        f"Re-notation de {len(unique)} dépôt(s), {jobs} à la fois — exercices {numbers} — "
        f"résultats dans {out}"
    )
    try:
        outcomes = regrade(unique, out, batch, jobs)
    except KeyboardInterrupt:
        say(f"\nInterrompu : les dépôts déjà notés sont dans {out / 'notes.csv'}")
        return 130
    header = csv_header(exercises)
    rows = [csv_row(o, exercises) for o in outcomes]
    say(f"Notes : {out / 'notes.csv'}")
    say(summary_line(header, rows))
    say(f"Page de la classe : {write_class_report(out, exercises)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The corpus of broken and hostile submissions: each one costs only itself.

    python -m tools.maintainer.hostile [-k TEXTE] [--jobs N] [--budget S]

Each file of tests/hostile/ is a whole module that replaces ONE exercise of
the reference solutions. Its docstring says what it does and what must come
of it:

    Première ligne : ce que fait ce code, en français.

    Exercice : ex04_await_oublie
    Message attendu : os._exit() | arrêtés au milieu
    Durée max : 30 s            (facultatif)
    Budget : 60 s               (facultatif : le --budget du correcteur pour ce cas)
    Systèmes : linux darwin     (facultatif : sys.platform ; ailleurs le cas est ignoré)

For each case the grader runs as a student's repository would run it
(`python -m tools.grading.grader`, a subprocess) on the target exercise and on
a control exercise graded alongside, and these must hold:

- the whole grading ended within the case's bound (wall time);
- the report exists and is this run's (`verify_report` with the run's token);
- the control kept its full points, with as many tests as in a clean run;
- the target got 0 points, every one of its messages is a French message of
  the grader or of the tests ("[NN · titre] …", not a raw traceback nor English
  text first), none has an empty section (an « Observé » saying nothing:
  tools/maintainer/message_shape.py), and together they contain every
  expected phrase;
- the grader exited with code 0: the grading was done (a grade below full
  marks is no failure of the command; 3 would be an internal error);
- no process of the run is alive afterwards. The grader gets a unique marker in
  its environment, which every process it starts inherits; processes carrying
  it (or working in the case's folder, where the grader's temporary folders
  are put) are looked for with psutil during up to 2 s, then killed so the
  machine stays clean, and the case fails.

The grader gets `--budget 10 --jobs 1`: a hanging exercise is stopped after
10 s instead of 90. Unless its docstring says otherwise, a case's bound is that
budget plus 20 s (the control exercise, interpreter start-ups, a busy machine).

The grader runs in a COPY of the repository's grading files (tests/, the
configuration, the manifest), never in this repository: a case that writes into
`tests/` through paths derived from `__file__` or the current directory must
only ever reach the copy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tools.common import french
from tools.common.manifest import load_manifest
from tools.common.paths import ROOT, TREES
from tools.grading.grader import EXIT_GRADED
from tools.grading.report import ExerciseResult, Report, headline, verify_report
from tools.maintainer.message_shape import empty_sections

CASES_DIR = ROOT / "tests" / "hostile"
# Per-exercise budget given to the grader: hanging cases stop there instead of
# after two hang guards (90 s). A correct exercise needs about 1 s.
BUDGET = 10.0
# Default bound on the whole grading of one case: the target's budget, plus the
# control exercise, the interpreter start-ups and a busy machine.
MARGIN = 20.0
# After that the grader itself is considered stuck and killed.
HARD_LIMIT_FACTOR = 3.0
GRACE = 2.0  # how long processes of a finished run may take to disappear
POLL = 0.1
MARKER_VARIABLE = "ASYNCIO_EXERCICES_CASE"
CONTROL = "ex02_gather"  # cheap and always graded alongside…
CONTROL_IF_TARGET = "ex04_await_oublie"  # …unless it is the target itself
# What a copy of the repository needs for the grader to run in it.
REPO_FILE_PATTERNS = ("*.py", "*.toml")
REPO_DIRS = ("tests", "tools", "cours")
SKIPPED_TEST_DIRS = ("unit", "mutants", "hostile")
# Variables that would make a nested grader write into this job's CI output.
CI_VARIABLES = (
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_OUTPUT",
    "GITHUB_WORKFLOW_REF",
    "GRADING_TESTS_SOURCE",
    "ASYNCIO_EXERCICES_TOKEN_FILE",
    "PYTEST_ADDOPTS",
)
OK, FAILED, SKIPPED = "ok", "ÉCHEC", "ignoré"


class CaseError(ValueError):
    """A case file whose docstring cannot be read."""


# -- the cases -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    description: str
    exercise: str  # the id of the exercise it replaces
    phrases: tuple[str, ...]
    bound: float | None  # seconds; None: the runner's default
    platforms: tuple[str, ...] = ()  # sys.platform prefixes; empty: everywhere
    # The grader's per-exercise budget for this case; None: the runner's. For
    # a case that ends by itself, only later than a hang would be stopped.
    budget: float | None = None

    def runs_on(self, platform: str) -> bool:
        return not self.platforms or any(platform.startswith(p) for p in self.platforms)


_DOCSTRING = re.compile(r"\A(?:\s*#[^\n]*\n|\s)*[rRuU]?(\"\"\"|''')(.*?)\1", re.DOTALL)
_FIELD = re.compile(
    r"^[ \t]*(Exercice|Message attendu|Durée max|Budget|Systèmes)[ \t]*:[ \t]*(.*?)[ \t]*$",
    re.MULTILINE,
)
_SECONDS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*s?$")


def parse_case(path: Path, text: str | None = None) -> Case:
    """Read a case's docstring. The file itself may not even be valid Python
    (the syntax error case): the docstring is found textually."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    match = _DOCSTRING.match(text)
    if match is None:
        raise CaseError(f"{path.name} : le fichier doit commencer par une docstring")
    doc = unicodedata.normalize("NFC", match[2].replace("\u00a0", " ")).strip()
    lines = doc.splitlines()
    description = lines[0].strip() if lines else ""
    if not description or _FIELD.match(description):
        raise CaseError(f"{path.name} : la première ligne doit décrire le cas en français")
    fields: dict[str, str] = {}
    for key, value in _FIELD.findall(doc):
        if key in fields:
            raise CaseError(f"{path.name} : la ligne « {key} : » apparaît deux fois")
        fields[key] = value
    exercise = fields.get("Exercice", "")
    if not re.fullmatch(r"ex\d{2}_\w+", exercise):
        raise CaseError(f"{path.name} : ligne « Exercice : exNN_nom » absente ou mal formée")
    phrases = tuple(p.strip() for p in fields.get("Message attendu", "").split("|") if p.strip())
    if not phrases:
        raise CaseError(f"{path.name} : ligne « Message attendu : <phrase> | … » absente ou vide")
    bound, budget = (_seconds(path, fields, key) for key in ("Durée max", "Budget"))
    platforms = tuple(fields.get("Systèmes", "").replace(",", " ").split())
    if "Systèmes" in fields and not platforms:
        raise CaseError(f"{path.name} : ligne « Systèmes : » vide (ex. : linux darwin)")
    return Case(path.stem, path, description, exercise, phrases, bound, platforms, budget)


def _seconds(path: Path, fields: dict[str, str], key: str) -> float | None:
    if key not in fields:
        return None
    seconds = _SECONDS.match(fields[key])
    if seconds is None or float(seconds[1].replace(",", ".")) <= 0:
        raise CaseError(f"{path.name} : « {key} : {fields[key]} » (attendu : N s)")
    return float(seconds[1].replace(",", "."))


def load_cases(folder: Path, known: Iterable[str]) -> list[Case]:
    """Every case of the folder, sorted by name; an unknown exercise is an error."""
    ids = set(known)
    cases = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        case = parse_case(path)
        if case.exercise not in ids:
            raise CaseError(f"{path.name} : l'exercice {case.exercise} n'est pas dans le manifeste")
        cases.append(case)
    return cases


def select_cases(cases: Sequence[Case], text: str | None) -> list[Case]:
    """The cases whose name or exercise contains `text` (all without it)."""
    if not text:
        return list(cases)
    key = text.lower()
    return [c for c in cases if key in c.name.lower() or key in c.exercise.lower()]


def control_for(exercise: str) -> str:
    return CONTROL_IF_TARGET if exercise == CONTROL else CONTROL


def number_of(exercise: str) -> str:
    return exercise[2:4]


# -- processes left behind --------------------------------------------------------


@dataclass(frozen=True)
class Leftover:
    pid: int
    command: str
    found_by: str  # how it was recognized, in French


def find_marked(marker: str, folder: Path | None = None) -> list[Leftover]:
    """Processes whose environment holds the marker, or whose current directory
    is under `folder` (psutil: Linux, macOS and Windows alike; a process this
    account may not inspect is skipped)."""
    folder_text = str(folder.resolve()) if folder is not None else None
    found = []
    for process in psutil.process_iter():
        if process.pid == os.getpid():
            continue
        try:
            with process.oneshot():
                how = None
                # Only the environment the process started with: enough, every
                # process of a run inherits the grader's. A zombie has none.
                if process.environ().get(MARKER_VARIABLE) == marker:
                    how = "environnement"
                elif folder_text is not None:
                    cwd = process.cwd()
                    if cwd == folder_text or cwd.startswith(folder_text + os.sep):
                        how = "dossier courant"
                if how is not None:
                    found.append(Leftover(process.pid, " ".join(process.cmdline()), how))
        except psutil.Error:  # gone, a zombie, or not ours to read
            continue
    return found


def lingering(marker: str, folder: Path | None, grace: float = GRACE) -> list[Leftover]:
    """What is still alive after `grace` seconds; a killed group takes a moment."""
    deadline = time.monotonic() + grace
    while True:
        found = find_marked(marker, folder)
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(POLL)


def kill_all(leftovers: Iterable[Leftover]) -> None:
    for leftover in leftovers:
        with contextlib.suppress(psutil.Error):
            psutil.Process(leftover.pid).kill()


# -- one grading run ---------------------------------------------------------------


@dataclass
class GradingRun:
    """What one grader run left: its report and what outlived it."""

    duration: float
    returncode: int | None
    hard_killed: bool
    report: Report | None
    report_error: str | None
    summary_written: bool
    leftovers: list[Leftover]
    folder: Path
    output_tail: str = ""


def copy_repository(destination: Path, case_file: Path | None, exercise: str | None) -> Path:
    """A repository with the grading files of this one, and exercises/ holding the
    reference solutions with the case in place of its exercise. Returns the tree."""
    destination.mkdir(parents=True)
    for pattern in REPO_FILE_PATTERNS:
        for path in ROOT.glob(pattern):
            shutil.copy2(path, destination / path.name)
    skipped = {ROOT / "tests" / name for name in SKIPPED_TEST_DIRS}

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or Path(folder, n) in skipped}

    for name in REPO_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    tree = destination / "exercises"
    shutil.copytree(TREES["solutions"], tree, ignore=shutil.ignore_patterns("__pycache__"))
    if case_file is not None and exercise is not None:
        shutil.copyfile(case_file, tree / f"{exercise}.py")
    return tree


def _tail(path: Path, size: int = 2000) -> str:
    with contextlib.suppress(OSError), path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - size))
        return f.read().decode("utf-8", errors="replace")
    return ""


def grade_copy(
    work: Path,
    numbers: Sequence[str],
    *,
    case_file: Path | None = None,
    exercise: str | None = None,
    budget: float = BUDGET,
    hard_limit: float = 120.0,
) -> GradingRun:
    """Grade `numbers` in a fresh copy of the repository under `work`, as a
    student's repository would be graded, then look for what is left alive."""
    repo = work / "depot"
    tree = copy_repository(repo, case_file, exercise)
    report_dir = work / "rapport"
    token = secrets.token_urlsafe(24)
    token_file = work / "jeton"
    token_file.write_text(token, encoding="utf-8")
    marker = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES}
    env[MARKER_VARIABLE] = marker
    env["PYTHONIOENCODING"] = "utf-8"
    # The grader's temporary folders (each exercise's copy of the tests, where
    # pytest and the student's code run) go under `work` too: a process left
    # there is found by its current directory even if it dropped the marker.
    scratch = work / "tmp"
    scratch.mkdir()
    env.update(TMPDIR=str(scratch), TEMP=str(scratch), TMP=str(scratch))
    command = [
        sys.executable, "-m", "tools.grading.grader", f"--tree={tree}",
        f"--report-dir={report_dir}", f"--token-file={token_file}", "--no-github",
        "--jobs", "1", "--budget", f"{budget:g}", *numbers,
    ]  # fmt: skip
    output = work / "sortie.log"
    hard_killed = False
    start = time.perf_counter()
    with output.open("wb") as log:
        # Its own session, so that a stuck grader can be stopped with its group.
        process = subprocess.Popen(
            command,
            cwd=repo,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=sys.platform != "win32",
        )
        try:
            process.wait(timeout=hard_limit)
        except subprocess.TimeoutExpired:
            hard_killed = True
            if sys.platform == "win32":
                process.kill()
            else:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    duration = time.perf_counter() - start
    report: Report | None = None
    error = None
    try:
        report = verify_report(report_dir / "notation.json", token)
    except ValueError as exc:
        error = str(exc)
    leftovers = lingering(marker, work)
    if leftovers:
        kill_all(leftovers)
    return GradingRun(
        duration=duration,
        returncode=process.returncode,
        hard_killed=hard_killed,
        report=report,
        report_error=error,
        summary_written=(report_dir / "resume.md").is_file(),
        leftovers=leftovers,
        folder=work,
        output_tail=_tail(output),
    )


# -- judging a case ----------------------------------------------------------------


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


def _by_id(report: Report) -> dict[str, ExerciseResult]:
    return {ex.id: ex for ex in report.exercises}


def judge(
    case: Case, run: GradingRun, bound: float, baseline: dict[str, ExerciseResult]
) -> list[str]:
    """Every way this run falls short, in French (empty: the case passed)."""
    failures = []
    if run.hard_killed:
        failures.append(
            "le correcteur ne s'est pas terminé : arrêté au bout de "
            f"{french.decimal(run.duration, 0)} s"
        )
    elif run.duration > bound:
        failures.append(
            f"notation trop longue : {french.decimal(run.duration, 1)} s "
            f"pour une borne de {french.number(bound)} s"
        )
    if run.leftovers:
        listed = "; ".join(
            f"pid {p.pid} ({p.found_by}) : {p.command[:80] or '?'}" for p in run.leftovers
        )
        failures.append(
            f"{len(run.leftovers)} processus encore en vie {french.number(GRACE)} s "
            f"après la notation (tués par le banc d'essai) : {listed}"
        )
    if run.report is None:
        failures.append(f"rapport absent ou invalide : {run.report_error}")
        return failures
    if not run.summary_written:
        failures.append("resume.md n'a pas été écrit")
    if run.returncode != EXIT_GRADED:
        failures.append(
            f"le correcteur est sorti avec le code {run.returncode} (attendu : {EXIT_GRADED}, "
            "notation faite)"
        )
    graded = _by_id(run.report)
    control = control_for(case.exercise)
    clean = baseline.get(control)
    result = graded.get(control)
    if result is None:
        failures.append(f"l'exercice témoin {control} manque au rapport")
    elif result.points != result.max_points:
        failures.append(
            f"l'exercice témoin {control} a perdu ses points : {result.points}/{result.max_points} "
            f"({result.status}) — {headline(result.first_message)}"
        )
    elif clean is not None and (result.passed, result.total) != (clean.passed, clean.total):
        failures.append(
            f"l'exercice témoin {control} n'a pas passé ses vrais tests : "
            f"{result.passed}/{result.total} au lieu de {clean.passed}/{clean.total}"
        )
    target = graded.get(case.exercise)
    if target is None:
        failures.append(f"l'exercice visé {case.exercise} manque au rapport")
        return failures
    if target.points != 0:
        failures.append(
            f"l'exercice visé a obtenu des points : {target.points}/{target.max_points} "
            f"({target.status}, {target.passed}/{target.total} tests)"
        )
    # The grader's and the tests' French messages all start with "[NN · titre]";
    # anything else is a raw traceback, or English text before the French.
    prefix = f"[{target.number} · "
    raw = [m for m in target.messages if not m.startswith(prefix)]
    if not target.messages:
        failures.append("l'exercice visé n'a aucun message pour l'élève")
    elif raw:
        first = raw[0].strip().splitlines() or ["(vide)"]
        failures.append(
            f"{len(raw)} message(s) sur {len(target.messages)} ne sont pas des messages en "
            f"français du correcteur (« {prefix}… ») ; le premier commence par : {first[0][:100]}"
        )
    for message in target.messages:
        empty = empty_sections(message)
        if empty:
            failures.append(
                f"un message de l'exercice visé a une rubrique vide ({', '.join(empty)}) : "
                f"{headline(message)}"
            )
    text = _normalized("\n".join(target.messages))
    for phrase in case.phrases:
        if _normalized(phrase) not in text:
            failures.append(f"aucun message de l'exercice visé ne contient « {phrase} »")
    return failures


# -- running the corpus --------------------------------------------------------------


@dataclass
class CaseOutcome:
    case: Case
    duration: float | None
    failures: list[str]
    first_line: str = ""
    status: str = ""
    points: str = ""
    kept: Path | None = None
    output_tail: str = field(default="", repr=False)
    skipped: str = ""  # why the case did not run here

    @property
    def verdict(self) -> str:
        if self.skipped:
            return SKIPPED
        return OK if not self.failures else FAILED


def run_case(
    case: Case,
    baseline: dict[str, ExerciseResult],
    *,
    budget: float,
    keep: bool = False,
) -> CaseOutcome:
    if not case.runs_on(sys.platform):
        reason = f"prévu pour {' '.join(case.platforms)} seulement, pas {sys.platform}"
        return CaseOutcome(case, None, [], first_line=reason, skipped=reason)
    budget = case.budget if case.budget is not None else budget
    bound = case.bound if case.bound is not None else budget + MARGIN
    work = Path(tempfile.mkdtemp(prefix=f"hostile-{case.name}-"))
    try:
        run = grade_copy(
            work,
            [number_of(case.exercise), number_of(control_for(case.exercise))],
            case_file=case.path,
            exercise=case.exercise,
            budget=budget,
            hard_limit=max(HARD_LIMIT_FACTOR * bound, bound + 60),
        )
        failures = judge(case, run, bound, baseline)
        target = _by_id(run.report).get(case.exercise) if run.report is not None else None
        return CaseOutcome(
            case=case,
            duration=run.duration,
            failures=failures,
            first_line=headline(target.first_message) if target is not None else "",
            status=target.status if target is not None else "",
            points=f"{target.points}/{target.max_points}" if target is not None else "",
            kept=work if keep else None,
            output_tail=run.output_tail,
        )
    except Exception as exc:  # one broken case must not hide the others' results
        return CaseOutcome(case, None, [f"erreur du banc d'essai : {type(exc).__name__}: {exc}"])
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def clean_baseline(numbers: Sequence[str], budget: float) -> dict[str, ExerciseResult]:
    """The controls graded on the untouched solutions: their points and test counts."""
    work = Path(tempfile.mkdtemp(prefix="hostile-reference-"))
    try:
        run = grade_copy(work, numbers, budget=budget)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if run.leftovers:
        kill_all(run.leftovers)
    if run.report is None or not run.report.full_marks:
        detail = run.report_error or "; ".join(
            f"{ex.id} {ex.points}/{ex.max_points} {headline(ex.first_message)}"
            for ex in (run.report.exercises if run.report else [])
        )
        raise RuntimeError(f"les solutions de référence n'ont pas toutes leurs points : {detail}")
    return _by_id(run.report)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(outcomes: Sequence[CaseOutcome]) -> str:
    """case, target, time, verdict, first message line: one row per case."""
    width = max([len("Cas"), *(len(o.case.name) for o in outcomes)])
    lines = [f" {'Cas':<{width}}  Ex.  {'Durée':>7}  {'Verdict':<7}  Premier message"]
    for o in outcomes:
        duration = f"{french.decimal(o.duration, 1)} s" if o.duration is not None else "—"
        lines.append(
            f" {o.case.name:<{width}}  {number_of(o.case.exercise):<3}  {duration:>7}  "
            f"{o.verdict:<7}  {_clip(o.first_line, 90)}"
        )
    return "\n".join(lines) + "\n"


def render_failures(outcomes: Sequence[CaseOutcome]) -> str:
    lines: list[str] = []
    for o in outcomes:
        if not o.failures:
            continue
        state = f" — {o.status} {o.points}" if o.status else ""
        lines += ["", f"✗ {o.case.name} ({o.case.exercise}){state} : {o.case.description}"]
        lines += [f"    - {failure}" for failure in o.failures]
        if not o.status and o.output_tail.strip():
            tail = o.output_tail.strip().splitlines()[-10:]
            lines += ["    fin de la sortie du correcteur :", *(f"      {t}" for t in tail)]
        if o.kept is not None:
            lines.append(f"    dossier conservé : {o.kept}")
    return "\n".join(lines) + ("\n" if lines else "")


def _say(line: str) -> None:
    print(line, flush=True)  # at once, even through nox's pipe


def run_corpus(
    cases: Sequence[Case],
    *,
    jobs: int,
    budget: float,
    keep: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[CaseOutcome]:
    if progress is None:
        progress = _say
    controls = sorted({number_of(control_for(c.exercise)) for c in cases})
    baseline = clean_baseline(controls, budget)
    outcomes: dict[str, CaseOutcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_case, c, baseline, budget=budget, keep=keep) for c in cases]
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes[outcome.case.name] = outcome
            duration = (
                f"{french.decimal(outcome.duration, 1)} s" if outcome.duration is not None else "—"
            )
            progress(f"[{done}/{len(cases)}] {outcome.case.name} : {outcome.verdict} ({duration})")
    return [outcomes[c.name] for c in cases]


def main(argv: Sequence[str] | None = None) -> int:
    french.tolerant_console()
    parser = argparse.ArgumentParser(
        prog="python -m tools.maintainer.hostile",
        description="Note chaque soumission cassée ou hostile de tests/hostile/ et vérifie "
        "qu'elle ne coûte que son propre exercice.",
    )
    parser.add_argument(
        "-k",
        dest="keyword",
        default=None,
        metavar="TEXTE",
        help="seulement les cas dont le nom ou l'exercice contient TEXTE",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 2,
        help="cas notés en même temps (défaut : nombre de cœurs)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=BUDGET,
        metavar="SECONDES",
        help=f"temps maximal par exercice donné au correcteur (défaut : {BUDGET:g})",
    )
    parser.add_argument(
        "--garder", action="store_true", help="garde les dossiers de notation (pour les examiner)"
    )
    args = parser.parse_args(argv)
    try:
        cases = select_cases(load_cases(CASES_DIR, (ex.id for ex in load_manifest())), args.keyword)
    except CaseError as exc:
        parser.error(str(exc))
    if not cases:
        parser.error(f"aucun cas ne correspond à {args.keyword!r}")
    default_bound = args.budget + MARGIN
    print(
        f"{len(cases)} soumission(s) hostile(s), {args.jobs} à la fois ; correcteur lancé avec "
        f"--budget {args.budget:g} --jobs 1 ; "
        f"borne par défaut {french.number(default_bound)} s par notation."
    )
    try:
        outcomes = run_corpus(cases, jobs=args.jobs, budget=args.budget, keep=args.garder)
    except RuntimeError as exc:
        print(f"Impossible de lancer le corpus : {exc}", file=sys.stderr)
        return 2
    print()
    print(render_table(outcomes), end="")
    print(render_failures(outcomes), end="")
    failed = sum(o.verdict == FAILED for o in outcomes)
    skipped = sum(o.verdict == SKIPPED for o in outcomes)
    ran = len(outcomes) - skipped
    ignored = f", {skipped} ignoré(s) sur ce système" if skipped else ""
    print(f"\n{ran - failed}/{ran} cas conformes, {failed} en échec{ignored}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

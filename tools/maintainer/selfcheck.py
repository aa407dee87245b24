"""The project's self-check on one interpreter (`nox -s check` runs it on each).

rustlings' rule, judged per exercise and through the same tests students get:
- every solution passes every test of its exercise;
- every stub fails its exercise (at least one hidden test, and at least one
  public test), so an untouched exercise never earns its points, with or
  without the hidden tests;
- every wrong answer kept in tests/mutants/<id>/ fails its exercise too, and
  the messages of the hidden tests it fails name its mistake: each phrase of
  its docstring's `Message attendu : a | b` line appears in one of them, and
  in the failure a graded student reads, the first failing test (public or
  hidden) in the order tests/hidden/ordre.py gives;
- every hidden test fails on the stub or on at least one mutant: a test that
  nothing can fail proves nothing;
- every promise of the statement (manifest.toml's requirements, shown in the
  stub's « Ce qui est vérifié » section, word for word) is checked by a hidden
  test (its `exigence` marker) and broken by a mutant (its `Exigence :` line)
  that one of those tests catches; every hidden test names a promise
  (tools/maintainer/requirements.py; the table is printed);
- every right answer kept in tests/alternatives/<id>/ (at least
  MIN_ALTERNATIVES per exercise, each taking another road than the solution)
  passes every test of its exercise;
- no failure message of the stub or of a mutant writes a number the English
  way ("0.05 s"): a French reader expects "0,05 s" (tools/common/french.py);
- no failure message of the stub or of a mutant has an empty section (an
  « Observé » or « Attendu » with nothing after it): a beginner would read
  that nothing was observed (a description of the student's error that came
  out empty once went unseen by every mutant's expected phrases).

Results are read from the JSON file each pytest run writes (never from its
exit code). Usage: python -m tools.maintainer.selfcheck [-k EXPR] [--no-mutants]
[--part I/N] [--detail]; `--detail` names, under each line of the
traceability table, the hidden tests and the caught mutants it counts.
With `--part I/N`, the wrong and right answers (and the
traceability they prove) are graded only for the exercises at positions I,
I+N, I+2N… of the manifest: `nox -s check` gives each installed Python one
part, so that every answer is graded once per check on one of them and the
check stays under half an hour on two cores; solutions and stubs are still
graded on every Python (the stubs of the other parts' exercises only until
each test file's first failure: tools/maintainer/first_failure_plugin.py),
and GitHub's matrix grades every answer on each.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import ALTERNATIVES, HIDDEN_TESTS, MUTANTS, PUBLIC_TESTS, ROOT, TREES
from tools.grading import test_order
from tools.grading.processes import kill_group, start_in_group
from tools.grading.results import CaseResult, load_run
from tools.grading.test_order import OPTION as ALL_TESTS
from tools.grading.test_order import load_order
from tools.maintainer import recap, requirements
from tools.maintainer.message_shape import empty_sections

MIN_ALTERNATIVES = 2  # right answers per exercise written unlike the solution
RUN_LIMIT = 600  # seconds for one pytest run: far above any normal run
EXPECTED_LINE = re.compile(r"^\s*Message attendu\s*:(.*)$", re.MULTILINE)
FIRST_MESSAGE_SHOWN = 1500  # characters of a failing test's message quoted in a problem

# A number with a decimal point ("0.05 s", "0.5s", "1.5e-07"); not a part of a
# dotted name or address (3.13.0, 127.0.0.1, notes-3.13.json) or of a word
# (v1.2, python3.13, ex02_gather.py).
_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?:e[+-]?\d+)?(?![\d_]|\.\w)")
# Versions, written with a point in French too: "Python 3.13", "pytest 8.4".
_VERSIONED = re.compile(r"(?:python|pypy|pytest[\w-]*|version)\s+$", re.IGNORECASE)
# Python code keeps its decimal point, saluer('Ada', 0.05): the Appel line,
# `backquoted` code, and the student's source line quoted in a traceback.
_CALL_LINE = re.compile(r"^\s*Appel\s*:.*$", re.MULTILINE)
_BACKQUOTED = re.compile(r"`[^`\n]*`")
_SOURCE_LINE = re.compile(r"(, ligne \d+, dans [\w.<>]+) : .*$", re.MULTILINE)
ENGLISH_DECIMALS_SHOWN = 3  # lines quoted per failing test


def normalized(text: str) -> str:
    """Case-folded, whitespace collapsed: how phrases and messages are compared."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Mutant:
    """A wrong answer (tests/mutants/) or, `right`, another right answer
    (tests/alternatives/)."""

    exercise: Exercise
    path: Path
    right: bool = False

    @property
    def requirements(self) -> tuple[str, ...]:
        """The promises it breaks: its docstring's `Exigence : E2` line."""
        return requirements.declared_requirements(self.path.read_text(encoding="utf-8"))

    @property
    def description(self) -> str:
        """First line of the mutant's docstring: the mistake, in French."""
        text = self.path.read_text(encoding="utf-8").lstrip()
        for quote in ('"""', "'''"):
            if text.startswith(quote):
                return text[3:].split("\n", 1)[0].strip().rstrip(quote).strip()
        return ""

    @property
    def expected_phrases(self) -> tuple[str, ...]:
        """The phrases of the docstring's `Message attendu : a | b` line: each
        must appear in a message of a hidden test the mutant fails, and in
        its first failure (`first_failure`)."""
        try:
            docstring = ast.get_docstring(ast.parse(self.path.read_text(encoding="utf-8")))
        except SyntaxError:
            return ()
        found = EXPECTED_LINE.search(docstring or "")
        if found is None:
            return ()
        return tuple(p.strip() for p in found.group(1).split("|") if p.strip())


@dataclass
class Verdicts:
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    traced: list[requirements.Traceability] = field(default_factory=list)

    def problem(self, text: str) -> None:
        self.problems.append(text)
        self.lines.append(f"  ÉCHEC  {text}")

    def ok(self, text: str) -> None:
        self.lines.append(f"  ok     {text}")


def test_files(exercise: Exercise) -> list[Path]:
    return [PUBLIC_TESTS / exercise.test_file_name, HIDDEN_TESTS / exercise.test_file_name]


# Signals by which the interpreter itself died. CPython 3.12.1 (pyenv's, here)
# crashed now and then in a garbage collection during ex07's tests while the
# loop watchdog read its frames; the watchdog no longer runs on 3.12
# (tools/common/stuck_call.py, WATCHDOG_SAFE). Should a crash come back, the
# run is run once more and printed with the verdicts (CRASHES), never hidden.
INTERPRETER_CRASH = (-11, -7, -6)  # SIGSEGV, SIGBUS, SIGABRT
CRASHES: list[str] = []  # the runs that crashed once, printed with the verdicts


def run_tests(
    tree: Path, files: Sequence[Path], workdir: Path, label: str, extra: Sequence[str] = ()
) -> list[CaseResult]:
    try:
        return _run_tests(tree, files, workdir, label, extra)
    except InterpreterCrash as crash:
        CRASHES.append(f"{label} : {crash}")
        return _run_tests(tree, files, workdir, label + "-bis", extra)


class InterpreterCrash(RuntimeError):
    """pytest died by a signal of the interpreter's own (INTERPRETER_CRASH)."""


def _run_tests(
    tree: Path, files: Sequence[Path], workdir: Path, label: str, extra: Sequence[str] = ()
) -> list[CaseResult]:
    if not files:
        return []
    results = workdir / f"{label}.json"
    command = [
        sys.executable, "-m", "pytest", f"--tree={tree}", f"--results-json={results}",
        "-q", "--no-header", "-p", "no:cacheprovider", "--tb=no", "--no-summary",
        *extra, *map(str, files),
    ]  # fmt: skip
    log = workdir / f"{label}.log"
    with log.open("wb") as output:
        # In a group of its own: a run that never ends is stopped with the
        # processes it started (a process pool stuck at exit was seen once,
        # after every result had been written).
        process = start_in_group(command, cwd=ROOT, env=os.environ, output=output)
        stuck = False
        try:
            process.wait(timeout=RUN_LIMIT)
        except subprocess.TimeoutExpired:
            stuck = True
        finally:
            kill_group(process)
            process.wait()
    shown = log.read_text(encoding="utf-8", errors="replace")[-4000:]
    if not results.is_file():
        raise RuntimeError(
            f"{label}: pytest n'a écrit aucun résultat (code {process.returncode})\n{shown}"
        )
    run = load_run(results)
    missing = run.collected is None or len(run.cases) < run.collected
    if stuck and missing:
        raise RuntimeError(f"{label}: pytest n'avait pas fini au bout de {RUN_LIMIT} s\n{shown}")
    if not run.complete and missing:
        # Ended in the middle (killed, os._exit, the last-resort guard of
        # tools/common/stuck_call.py): the tests it never ran must not read
        # as passed, which would let a wrong answer "pass every test".
        if process.returncode in INTERPRETER_CRASH:
            raise InterpreterCrash(
                f"l'interpréteur s'est arrêté par le signal {-process.returncode} après "
                f"{len(run.cases)} test(s) sur {run.collected} ; relancé une fois"
            )
        raise RuntimeError(
            f"{label}: pytest s'est arrêté au milieu (code {process.returncode}, "
            f"{len(run.cases)} test(s) sur {run.collected}) :\n{shown}"
        )
    return run.cases


def order_key(case: CaseResult) -> str:
    """tools/grading/first_failure.py's name of a test: "hidden::test_x[p]"."""
    return test_order.key("hidden" if case.hidden else "public", case.nodeid.split("::", 1)[1])


def stale_order(
    exercise: Exercise,
    keys: set[str],
    order: Mapping[str, Sequence[str]],
    *,
    gone_too: bool = True,
) -> list[str]:
    """What tests/hidden/ordre.py gets wrong about the tests collected here:
    a test it does not name; with `gone_too`, a name no test has (not where
    some tests exist on other systems only: ex07's start methods on Windows)."""
    named = set(order.get(exercise.id, ()))
    missing = sorted(keys - named)
    gone = sorted(named - keys) if gone_too else []
    problems = []
    if missing:
        problems.append(f"{exercise.id} : tests absents de tests/hidden/ordre.py : {missing}")
    if gone:
        problems.append(f"{exercise.id} : tests/hidden/ordre.py nomme des tests disparus : {gone}")
    return problems


def by_exercise(results: list[CaseResult], exercise: Exercise) -> list[CaseResult]:
    return [r for r in results if r.exercise == exercise.id]


def failed_hidden(results: list[CaseResult]) -> set[str]:
    return {r.name for r in results if r.hidden and r.outcome != "passed"}


def first_failure(
    results: Sequence[CaseResult], order: Mapping[str, Sequence[str]]
) -> CaseResult | None:
    """The failure a graded student reads: the first failing test, public or
    hidden, in the order tools/grading/first_failure.py runs them (the learned
    order; a test it does not name after those it names, in the order run)."""
    failing = [r for r in results if r.outcome != "passed"]
    if not failing:
        return None

    def rank(case: CaseResult) -> int:
        if "::" not in case.nodeid:
            return -1  # a test file that cannot be collected fails before any test runs
        keys = order.get(case.exercise, ())
        named = order_key(case)
        return keys.index(named) if named in keys else len(keys)

    return min(failing, key=rank)  # min keeps the first of equals: the order run


def quoted(message: str) -> str:
    """A failing test's message, cut to FIRST_MESSAGE_SHOWN, as a problem quotes it."""
    text = message.strip()
    if len(text) > FIRST_MESSAGE_SHOWN:
        text = text[:FIRST_MESSAGE_SHOWN] + " […]"
    return "\n".join(f"           | {line}" for line in text.splitlines())


def missing_phrases(
    mutant: Mutant, results: list[CaseResult], order: Mapping[str, Sequence[str]]
) -> list[str]:
    """Problems with what the student would read for `mutant`: no expected
    phrases declared, a phrase none of its failing hidden tests says, or a
    phrase the first failure (what a graded student reads: `first_failure`)
    does not say."""
    if not mutant.expected_phrases:
        return [
            "sa docstring n'a pas de ligne « Message attendu : … » (phrases, séparées par "
            "« | », que les messages des tests cachés qu'il fait échouer doivent contenir)"
        ]
    messages = [r.message for r in results if r.hidden and r.outcome != "passed"]
    if not messages:
        return []  # reported as passing every hidden test
    said = [normalized(m) for m in messages]
    first = first_failure(results, order)
    read = normalized(first.message) if first is not None else ""
    problems = []
    for phrase in mutant.expected_phrases:
        if not any(normalized(phrase) in message for message in said):
            problems.append(
                f"la phrase « {phrase} » n'apparaît dans aucun message des "
                f"{len(messages)} test(s) caché(s) qu'il fait échouer ; le premier dit :\n"
                f"{quoted(messages[0])}"
            )
        elif first is not None and normalized(phrase) not in read:
            # The student is shown only this failure: the others are not run.
            problems.append(
                f"la phrase « {phrase} » n'apparaît pas dans le premier échec que lit l'élève "
                f"({'public' if not first.hidden else 'caché'} : {first.name}, dans l'ordre de "
                f"tests/hidden/ordre.py), qui dit :\n{quoted(first.message)}"
            )
    return problems


def english_decimals(message: str) -> list[str]:
    """The lines of `message` that write a number with a decimal point where a
    French reader expects a comma ("0.05 s" for "0,05 s"), Python code aside."""
    text = _CALL_LINE.sub("", message)
    text = _BACKQUOTED.sub("``", text)
    text = _SOURCE_LINE.sub(r"\1 : …", text)
    return [
        line.strip()
        for line in text.splitlines()
        if any(not _VERSIONED.search(line[: m.start()]) for m in _DECIMAL.finditer(line))
    ]


def english_decimal_problems(results: list[CaseResult]) -> list[str]:
    """One problem per failing test whose message has an English decimal."""
    problems = []
    for r in results:
        lines = english_decimals(r.message) if r.outcome != "passed" else []
        if lines:
            quoted = "\n".join(f"           | {line}" for line in lines[:ENGLISH_DECIMALS_SHOWN])
            problems.append(
                f"le message de {r.name} écrit un nombre avec un point décimal (en français : "
                f"une virgule, voir tools/common/french.py) :\n{quoted}"
            )
    return problems


def empty_section_problems(results: list[CaseResult]) -> list[str]:
    """One problem per failing test whose message has a section saying nothing."""
    problems = []
    for r in results:
        empty = empty_sections(r.message) if r.outcome != "passed" else []
        if empty:
            problems.append(
                f"le message de {r.name} a une rubrique vide ({', '.join(empty)}) : "
                f"un débutant y lirait que rien n'a été observé ou attendu ; il dit :\n"
                f"{quoted(r.message)}"
            )
    return problems


def mutants_of(exercise: Exercise) -> list[Mutant]:
    folder = MUTANTS / exercise.id
    return [Mutant(exercise, p) for p in sorted(folder.glob("*.py"))] if folder.is_dir() else []


def alternatives_of(exercise: Exercise) -> list[Mutant]:
    folder = ALTERNATIVES / exercise.id
    found = sorted(folder.glob("*.py")) if folder.is_dir() else []
    return [Mutant(exercise, p, right=True) for p in found]


def grade_mutant(mutant: Mutant, work: Path, extra: Sequence[str] = ()) -> list[CaseResult]:
    """Grade a tree holding only the mutant, under the exercise's file name."""
    exercise = mutant.exercise
    kind = "juste" if mutant.right else "faux"
    tree = work / f"{exercise.id}-{kind}-{mutant.path.stem}"
    tree.mkdir()
    shutil.copy(mutant.path, tree / exercise.file_name)
    return by_exercise(run_tests(tree, test_files(exercise), work, tree.name, extra), exercise)


def check_exercise(
    exercise: Exercise,
    solution: list[CaseResult],
    stub: list[CaseResult],
    mutant_results: dict[Mutant, list[CaseResult]] | None,
    verdicts: Verdicts,
    order: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Judge one exercise; `mutant_results` is None when mutants were not run;
    `order`: the tests' order (tests/hidden/ordre.py unless given)."""
    name = f"{exercise.id} ({exercise.points} pts)"
    public = [r for r in solution if not r.hidden]
    hidden = [r for r in solution if r.hidden]
    if not public or not hidden:
        verdicts.problem(f"{name} : il faut des tests publics ET cachés (trouvés : "
                         f"{len(public)} publics, {len(hidden)} cachés)")  # fmt: skip
    broken = [r.nodeid for r in solution if r.outcome != "passed"]
    if broken:
        verdicts.problem(f"{name} : la solution échoue à {len(broken)} test(s) : {broken}")
    else:
        verdicts.ok(f"{name} : la solution passe ses {len(solution)} tests")

    stub_failed = failed_hidden(stub)
    if not stub_failed:
        verdicts.problem(f"{name} : le code de départ passe tous les tests cachés")
    else:
        verdicts.ok(f"{name} : le code de départ échoue à {len(stub_failed)} test(s) caché(s)")
    # Without the hidden tests (a student repository with no token configured),
    # the public tests alone must still give an untouched stub 0 points.
    if not any(not r.hidden and r.outcome != "passed" for r in stub):
        verdicts.problem(f"{name} : le code de départ passe tous les tests publics")
    for problem in english_decimal_problems(stub) + empty_section_problems(stub):
        verdicts.problem(f"{name} : code de départ : {problem}")

    killed = set(stub_failed)
    if mutant_results is None:
        return
    right = {m: r for m, r in mutant_results.items() if m.right}
    for mutant, results in right.items():
        label = f"{name} : réponse juste {mutant.path.name} ({mutant.description or '?'})"
        lost = [r for r in results if r.outcome != "passed"]
        if lost:
            verdicts.problem(
                f"{label} échoue à {', '.join(sorted({r.name for r in lost}))} :\n"
                + "\n".join(f"           | {line}" for line in lost[0].message.splitlines()[:12])
            )
        else:
            verdicts.ok(f"{label} passe ses {len(results)} tests")
    mutant_results = {m: r for m, r in mutant_results.items() if not m.right}
    if order is None:
        order = load_order()
    for mutant, results in mutant_results.items():
        failed = failed_hidden(results)
        killed |= failed
        label = f"{name} : mutant {mutant.path.name} ({mutant.description or 'sans description'})"
        if not mutant.description:
            verdicts.problem(f"{label} : la première ligne de sa docstring doit décrire l'erreur")
        if failed:
            verdicts.ok(f"{label} échoue à {', '.join(sorted(failed))}")
        else:
            verdicts.problem(f"{label} passe tous les tests cachés")
        for problem in missing_phrases(mutant, results, order):
            verdicts.problem(f"{label} : {problem}")
        for problem in english_decimal_problems(results) + empty_section_problems(results):
            verdicts.problem(f"{label} : {problem}")

    never_failed = sorted({r.name for r in hidden} - killed)
    if never_failed:
        verdicts.problem(
            f"{name} : test(s) caché(s) qu'aucune mauvaise réponse ne fait échouer : "
            f"{never_failed} (ajoute un mutant qui le fait échouer)"
        )


def check_promises(
    exercise: Exercise,
    solution: list[CaseResult],
    mutant_results: dict[Mutant, list[CaseResult]] | None,
    verdicts: Verdicts,
) -> None:
    """The statement's promises: shown as the manifest says, each checked by a
    hidden test and broken by a mutant that test catches; and enough right
    answers written another way. `mutant_results` None: mutants not run."""
    name = f"{exercise.id} ({exercise.points} pts)"
    for problem in requirements.statement_drift(exercise, TREES["exercises"] / exercise.file_name):
        verdicts.problem(f"{name} : énoncé et manifest.toml : {problem}")
    if mutant_results is None:
        return
    right = [m for m in mutant_results if m.right]
    if len(right) < MIN_ALTERNATIVES:
        verdicts.problem(
            f"{name} : {len(right)} réponse(s) juste(s) dans tests/alternatives/{exercise.id}/ "
            f"(il en faut au moins {MIN_ALTERNATIVES}, chacune écrite autrement que la solution)"
        )
    wrong = {m: r for m, r in mutant_results.items() if not m.right}
    traced = trace(exercise, [r for r in solution if r.hidden], wrong)
    verdicts.traced.append(traced)
    for problem in traced.problems:
        verdicts.problem(f"{name} : traçabilité : {problem}")


def trace(
    exercise: Exercise, hidden: list[CaseResult], mutant_results: dict[Mutant, list[CaseResult]]
) -> requirements.Traceability:
    """The exercise's requirements crossed with its hidden tests and mutants."""
    tests: dict[str, list[str]] = {}
    for r in hidden:
        tests.setdefault(r.name, [])
        tests[r.name] += [i for i in r.requirements if i not in tests[r.name]]
    mutants = {
        m.path.name: (m.requirements, failed_hidden(results))
        for m, results in mutant_results.items()
    }
    return requirements.traceability(exercise, tests, mutants)


def part(text: str) -> tuple[int, int]:
    """`--part I/N`, 1 ≤ I ≤ N."""
    try:
        index, count = (int(n) for n in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} : attendu I/N, par exemple 2/3") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{text!r} : il faut 1 ≤ I ≤ N")
    return index, count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="only", help="seulement les exercices dont l'id contient ceci")
    parser.add_argument("--no-mutants", action="store_true", help="ne pas noter les mutants")
    parser.add_argument(
        "--part",
        type=part,
        default=(1, 1),
        metavar="I/N",
        help="noter les réponses (mutants, justes) d'un exercice sur N seulement, le I-ième",
    )
    parser.add_argument(
        "--recap",
        type=Path,
        metavar="FICHIER",
        help="écrire aussi les problèmes dans FICHIER (nox -s check les répète à la fin)",
    )
    parser.add_argument(
        "--detail",
        action="store_true",
        help="sous chaque promesse du tableau de traçabilité, les noms de ses tests et mutants",
    )
    args = parser.parse_args(argv)
    problems: list[str] = []
    try:
        status = check(args, problems)
    except BaseException as error:
        problems.append(f"l'auto-vérification s'est arrêtée : {type(error).__name__}: {error}")
        raise
    finally:
        if args.recap is not None:
            recap.write_problems(args.recap, problems)
    return status


def check(args: argparse.Namespace, problems: list[str]) -> int:
    """The self-check itself; its problems are added to `problems`."""
    index, count = args.part

    exercises = [ex for ex in load_manifest() if not args.only or args.only in ex.id]
    if not exercises:
        problems.append(f"Aucun exercice ne correspond à -k {args.only!r}.")
        print(problems[-1])
        return 1
    verdicts = Verdicts()
    for ex in exercises:
        for kind, folder in (("stub", TREES["exercises"]), ("solution", TREES["solutions"])):
            if not (folder / ex.file_name).is_file():
                verdicts.problem(f"{ex.id} : fichier {kind} {folder.name}/{ex.file_name} absent")
        for path in test_files(ex):
            if not path.is_file():
                verdicts.problem(f"{ex.id} : fichier de test {path.relative_to(ROOT)} absent")
    if verdicts.problems:
        print("\n".join(verdicts.lines))
        problems += verdicts.problems
        return 1

    print(f"Auto-vérification sous Python {sys.version.split()[0]} : {len(exercises)} exercice(s)")
    files = [f for ex in exercises for f in test_files(ex)]
    answered = (
        []
        if args.no_mutants
        else [ex for ex in exercises if load_manifest().index(ex) % count == index - 1]
    )
    if count > 1:
        numbers = ", ".join(ex.number for ex in answered) or "aucun"
        print(f"Partie {index}/{count} : réponses justes et fausses des exercices {numbers}")
    mutants = [m for ex in answered for m in [*alternatives_of(ex), *mutants_of(ex)]]
    with (
        tempfile.TemporaryDirectory(prefix="selfcheck-") as tmp,
        ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as runs,
    ):
        # One pytest run per core at a time: the timing bounds keep their
        # margins with every core busy (measured by tools/maintainer/margins.py).
        work = Path(tmp)
        solution = runs.submit(run_tests, TREES["solutions"], files, work, "solutions")
        # An exercise whose answers are graded here needs every test's verdict
        # on its stub (which hidden test no wrong answer fails); elsewhere, that
        # its stub fails a public and a hidden test is enough, and each test
        # file stops at its first failure (about a third of the time).
        full = [f for ex in answered for f in test_files(ex)]
        quick = [f for f in files if f not in full]
        stub_full = runs.submit(run_tests, TREES["exercises"], full, work, "exercises", [ALL_TESTS])
        stub_quick = runs.submit(
            run_tests, TREES["exercises"], quick, work, "exercises-premier-echec",
            [ALL_TESTS, "-p", "tools.maintainer.first_failure_plugin"],
        )  # fmt: skip
        graded = {m: runs.submit(grade_mutant, m, work, [ALL_TESTS]) for m in mutants}
        stub_results = [*stub_full.result(), *stub_quick.result()]
        for ex in exercises:
            mutant_results = (
                {m: future.result() for m, future in graded.items() if m.exercise == ex}
                if ex in answered
                else None
            )
            check_exercise(
                ex,
                by_exercise(solution.result(), ex),
                by_exercise(stub_results, ex),
                mutant_results,
                verdicts,
            )
            check_promises(ex, by_exercise(solution.result(), ex), mutant_results, verdicts)
            if HIDDEN_TESTS.is_dir():
                keys = {order_key(case) for case in by_exercise(solution.result(), ex)}
                # A name this system lacks is no problem (ex07's fork on Windows).
                for problem in stale_order(ex, keys, load_order(), gone_too=False):
                    verdicts.problem(
                        f"{problem} (relance python -m tools.maintainer.learn_order -k {ex.id})"
                    )
    print("\n".join(verdicts.lines))
    if verdicts.traced:
        print("\nTraçabilité : chaque promesse de l'énoncé, ses tests cachés et ses mutants")
        print(requirements.table(verdicts.traced, detail=args.detail))
        print("\nexercice  mutants  réponses justes")
        for ex in answered:
            wrong = sum(m.exercise == ex and not m.right for m in mutants)
            right = sum(m.exercise == ex and m.right for m in mutants)
            print(f"{ex.number:<9} {wrong:>7}  {right:>15}")
    if CRASHES:
        print(f"\nPlantage(s) de l'interpréteur, relancé(s) une fois ({sys.version.split()[0]}) :")
        print("\n".join(f"  {crash}" for crash in CRASHES))
    problems += verdicts.problems
    if verdicts.problems:
        print(f"\n{len(verdicts.problems)} problème(s).")
        return 1
    print("\nTout est en ordre.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""No verdict flakes: `nox -s stress` grades everything many times, loaded.

    python -m tools.maintainer.stress [--rounds 200] [-k TEXT]... [--spinners N]
                                   [--jobs N] [--start-method M]
                                   [--timeout-method thread] [--messages]

While `--spinners` processes (default: one per core) keep every core busy, it
grades the reference solutions, the right answers of tests/alternatives/, the
untouched stubs and every mutant of tests/mutants/, each exercise of each in
one pytest process whose tests are repeated round by round
(tools/maintainer/stress_plugin.py). `--jobs` of those processes run at once
(default: as many as the grader runs, two per core): with the spinners, that
is harsher than the load the timing bounds were measured under (one pytest
process and busy cores, tools/maintainer/margins.py), and harsher than a
grading run, which has no spinners.

A verdict is wrong when, in a round, a solution or a right answer fails any
test of its exercise, or a stub or a mutant passes every test of its exercise
(it would earn the points). For stubs and mutants, the first failure of a
round decides it and the rest of that round is skipped. The table gives the
wrong verdicts per exercise and the worst margin seen for every wall-clock
bound (tests/support/measures.py); `--json FILE` writes the same figures,
with the machine's load and, per exercise, a digest of every file its
verdicts depend on (`graded_digest`): a run of 200 rounds split over several
sessions by `-k` still counts for an exercise whose digest has not changed.

With `--messages`, every round of a stub or a mutant runs in the grading's
order (tools/maintainer/stress_plugin.py, `--stress-in-order`: slower, the
tests that catch it are no longer moved first), and a round whose first
failure, the one a graded student reads, lacks a phrase of the mutant's
`Message attendu` line is counted as a message that does not name the
mistake: a test early in the order that fails now and then, under load,
with a message of its own. The self-check requires those phrases once, on
an idle machine; this counts how often a loaded grading keeps them.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.measures import VARIABLE as MEASURES_VARIABLE
from tests.support.measures import margin
from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import ROOT, TREES
from tools.grading.grader import budget_for, default_jobs
from tools.grading.processes import kill_group, start_in_group
from tools.grading.results import read_results
from tools.maintainer.selfcheck import alternatives_of, mutants_of, normalized, test_files
from tools.maintainer.stress_plugin import round_of


@dataclass(frozen=True)
class Subject:
    label: str
    correct: bool  # solutions and right answers; stubs and mutants are wrong
    tree: Path
    exercises: tuple[Exercise, ...]
    phrases: tuple[str, ...] = ()  # a mutant's `Message attendu` (selfcheck.Mutant)

    @property
    def kind(self) -> str:
        """The table's column: "solutions", "justes", "départs" or "mutants"."""
        first = self.label.split()[0]
        return {"mutant": "mutants", "juste": "justes"}.get(first, first)


@dataclass
class Tally:
    rounds: int = 0
    wrong: int = 0
    examples: list[str] = field(default_factory=list)
    untold: int = 0  # with --messages: rounds whose first failure lacks a phrase


@contextmanager
def spinning(count: int) -> Iterator[None]:
    """Keep `count` cores busy."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


# What every exercise's verdicts depend on, besides its own files.
SHARED_GRADING_FILES = (
    "conftest.py", "pyproject.toml", "uv.lock", "tools/common/*.py", "tools/grading/*.py",
    "tools/maintainer/stress.py", "tools/maintainer/stress_plugin.py",
)  # fmt: skip
SUPPORT = "tests.support"


def support_modules(starts: Sequence[Path], root: Path) -> list[Path]:
    """The modules of tests/support that `starts` import, directly or through
    one another: the measuring kit an exercise's verdicts depend on. Another
    exercise's kit (ex09's work_queue.py, say) can then change without
    voiding this exercise's stress rounds."""
    found: set[Path] = set()
    todo = list(starts)
    while todo:
        path = todo.pop()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.startswith(SUPPORT + "."):
                    module = root / "tests/support" / f"{name.split('.')[2]}.py"
                    if module.is_file() and module not in found:
                        found.add(module)
                        todo.append(module)
    return sorted(found)


def shared_entries(exercise: Exercise, root: Path) -> bytes:
    """What manifest.toml and tests/hidden/ordre.py say of `exercise` alone:
    its entry and the course's common rules, its test order and its duration.
    A new hint or a new order for another exercise leaves its verdicts, and
    so its stress rounds, as they were."""
    manifest = tomllib.loads((root / "manifest.toml").read_text(encoding="utf-8"))
    entry = next((e for e in manifest.get("exercise", []) if e.get("id") == exercise.id), None)
    order: dict[str, object] = {}
    tree = ast.parse((root / "tests/hidden/ordre.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None:
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name):
                value = ast.literal_eval(node.value)
                if isinstance(value, dict):
                    order[target.id] = value.get(exercise.id)
    mine = {"common": manifest.get("common_requirements"), "entry": entry, "order": order}
    return json.dumps(mine, sort_keys=True, ensure_ascii=False).encode()


def graded_digest(exercise: Exercise, root: Path = ROOT) -> str:
    """A digest of the files that decide `exercise`'s verdicts in a stress
    run: its tests, starting code, solution, mutants and right answers, its
    entries of the manifest and of the test order, and the shared grading
    code. Another exercise's files and entries do not change it."""
    tests = (f"tests/public/{exercise.test_file_name}", f"tests/hidden/{exercise.test_file_name}")
    answers = (
        f"exercises/{exercise.file_name}", f"solutions/{exercise.file_name}",
        f"tests/mutants/{exercise.id}/*.py", f"tests/alternatives/{exercise.id}/*.py",
    )  # fmt: skip

    def found(patterns: Sequence[str]) -> list[Path]:
        return [path for pattern in patterns for path in sorted(root.glob(pattern))]

    # The code that measures imports the kit; the answers it grades do not.
    measuring = found((*SHARED_GRADING_FILES, *tests))
    kit = support_modules([p for p in measuring if p.suffix == ".py"], root)
    digest = hashlib.sha256(shared_entries(exercise, root))
    for path in [*measuring, *kit, *found(answers)]:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def git_commit(root: Path = ROOT) -> str:
    found = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return found.stdout.strip()


def subjects(exercises: Sequence[Exercise], work: Path) -> list[Subject]:
    """One subject per exercise and tree. The exercises with a longer hang
    guard come first: they are the longest, and the parallel jobs then end
    together."""
    found = [
        Subject(f"{kind} {exercise.id[:4]}", kind == "solutions", TREES[tree], (exercise,))
        for kind, tree in (("solutions", "solutions"), ("départs", "exercises"))
        for exercise in exercises
    ]
    for exercise in exercises:
        for answer in [*alternatives_of(exercise), *mutants_of(exercise)]:
            kind = "juste" if answer.right else "mutant"
            tree = work / f"{exercise.id}-{kind}-{answer.path.stem}"
            tree.mkdir()
            shutil.copy(answer.path, tree / exercise.file_name)
            phrases = () if answer.right else answer.expected_phrases
            label = f"{kind} {answer.path.stem}"
            found.append(Subject(label, answer.right, tree, (exercise,), phrases))
    return sorted(found, key=lambda s: -(s.exercises[0].timeout or 0))


def run_subject(
    subject: Subject, rounds: int, work: Path, pytest_args: Sequence[str], in_order: bool = False
) -> dict[str, list[tuple[int, str, str]]]:
    """exercise id -> (round, outcome, message) of every test that ran.
    The hidden tests log their wall-clock measures to work/measures.jsonl."""
    results = work / "results.json"
    files = [f for ex in subject.exercises for f in test_files(ex) if f.is_file()]
    command = [
        sys.executable, "-m", "pytest", "-p", "tools.maintainer.stress_plugin",
        f"--stress-rounds={rounds}", f"--tree={subject.tree}", f"--results-json={results}",
        "-q", "--no-header", "-p", "no:cacheprovider", "--tb=no", "--no-summary",
        # Rounds are decided by the stress plugin, not by the grading's first failure.
        "--tous-les-tests", *(() if subject.correct else ("--stress-decided",)),
        *(("--stress-in-order",) if in_order and not subject.correct else ()), *pytest_args,
        *map(str, files),
    ]  # fmt: skip
    env = {**os.environ, MEASURES_VARIABLE: str(work / "measures.jsonl")}
    # The grader's budget, round by round: a process that outlives it (a pool
    # worker deadlocked at exit was seen once, every result already written)
    # is killed with its children; its results file still counts.
    limit = rounds * sum(budget_for(ex) for ex in subject.exercises)
    with (work / "pytest.log").open("wb") as log:
        process = start_in_group(command, cwd=ROOT, env=env, output=log)
        try:
            process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            pass
        finally:
            kill_group(process)
            process.wait()
    outcomes: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    if results.is_file():
        for case in read_results(results):
            outcomes[case.exercise].append((round_of(case.nodeid) or 0, case.outcome, case.message))
    return outcomes


def judge(
    subject: Subject,
    rounds: int,
    outcomes: dict[str, list[tuple[int, str, str]]],
    messages: bool = False,
) -> dict[str, Tally]:
    """The wrong verdicts of each round; with `messages`, also the rounds
    whose first failure does not say every phrase of `subject.phrases`."""
    tallies: dict[str, Tally] = {}
    for exercise in subject.exercises:
        tally = tallies[exercise.id] = Tally(rounds=rounds)
        failed_rounds = {
            r for r, outcome, _ in outcomes.get(exercise.id, []) if outcome == "failed"
        }
        seen_rounds = {r for r, _, _ in outcomes.get(exercise.id, [])}
        for r in range(rounds):
            ran = r in seen_rounds
            if subject.correct and (r in failed_rounds or not ran):
                tally.wrong += 1
                first = next(
                    (m for rr, o, m in outcomes.get(exercise.id, []) if rr == r and o == "failed"),
                    "aucun résultat pour cette manche",
                )
                tally.examples.append(first.splitlines()[0] if first else "")
            elif not subject.correct and ran and r not in failed_rounds:
                tally.wrong += 1
                tally.examples.append(f"{subject.label} a réussi la manche {r}")
            elif messages and subject.phrases and r in failed_rounds:
                first = next(m for rr, o, m in outcomes[exercise.id] if rr == r and o == "failed")
                said = normalized(first)
                lacking = [p for p in subject.phrases if normalized(p) not in said]
                if lacking:
                    tally.untold += 1
                    tally.examples.append(
                        f"{subject.label}, manche {r} : « {lacking[0]} » absent du premier échec, "
                        f"qui dit : {first.splitlines()[0] if first else ''}"
                    )
    return tallies


def worst_margins(lines: list[dict[str, object]], correct: bool) -> dict[str, float]:
    """Closest approach to each bound. For wrong answers, only those the bound
    caught count: one on the passing side of a bound was caught by another
    test (a wrong answer that passed every test is a wrong verdict, counted)."""
    worst: dict[str, float] = {}
    for m in lines:
        label = str(m["label"])
        value = margin(
            float(str(m["value"])), float(str(m["bound"])), str(m["kind"]), correct=correct
        )
        if correct or value >= 1:
            worst[label] = min(worst.get(label, value), value)
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="manches (défaut : 200)")
    parser.add_argument(
        "-k",
        dest="only",
        action="append",
        help="seulement les exercices dont l'id contient ceci (plusieurs -k possibles)",
    )
    parser.add_argument("--spinners", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--jobs", type=int, default=default_jobs(), help="processus pytest à la fois"
    )
    parser.add_argument("--start-method", choices=["fork", "spawn", "forkserver"])
    parser.add_argument("--timeout-method", choices=["signal", "thread"])
    parser.add_argument("--wrong-only", action="store_true", help="sans les solutions")
    parser.add_argument("--solutions-only", action="store_true", help="les solutions seulement")
    parser.add_argument("--json", type=Path, help="écrit les chiffres dans ce fichier")
    parser.add_argument(
        "--messages",
        action="store_true",
        help="mauvaises réponses notées dans l'ordre de la notation, et leur premier message "
        "vérifié à chaque manche (plus lent)",
    )
    args = parser.parse_args(argv)

    exercises = [
        ex for ex in load_manifest() if not args.only or any(word in ex.id for word in args.only)
    ]
    pytest_args = [f"--start-method={args.start_method}"] if args.start_method else []
    if args.timeout_method:
        pytest_args.append(f"--timeout-method={args.timeout_method}")
    totals: dict[tuple[str, str], Tally] = {}  # (exercise id, Subject.kind)
    measures: dict[bool, list[dict[str, object]]] = {True: [], False: []}
    start = time.perf_counter()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(
        f"Stress sous Python {sys.version.split()[0]} : {args.rounds} manche(s), "
        f"{args.jobs} pytest à la fois, {args.spinners} processus qui occupent les cœurs, "
        f"{' '.join(pytest_args) or 'défauts'}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="stress-") as tmp, spinning(args.spinners):
        work = Path(tmp)
        chosen = [
            s for s in subjects(exercises, work)
            if not (args.wrong_only and s.correct) and not (args.solutions_only and not s.correct)
        ]  # fmt: skip

        def run(index: int) -> tuple[Subject, dict[str, list[tuple[int, str, str]]], Path]:
            run_dir = work / f"run-{index}"
            run_dir.mkdir()
            subject = chosen[index]
            outcomes = run_subject(subject, args.rounds, run_dir, pytest_args, args.messages)
            return subject, outcomes, run_dir

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            running = [pool.submit(run, index) for index in range(len(chosen))]
            for done, future in enumerate(as_completed(running), start=1):
                subject, outcomes, run_dir = future.result()
                measure_file = run_dir / "measures.jsonl"
                if measure_file.is_file():
                    measures[subject.correct] += [
                        json.loads(line) for line in measure_file.read_text().splitlines() if line
                    ]
                wrong_here = untold_here = 0
                judged = judge(subject, args.rounds, outcomes, args.messages)
                for exercise_id, tally in judged.items():
                    total = totals.setdefault((exercise_id, subject.kind), Tally())
                    total.rounds += tally.rounds
                    total.wrong += tally.wrong
                    total.untold += tally.untold
                    total.examples += tally.examples[:3]
                    wrong_here += tally.wrong
                    untold_here += tally.untold
                elapsed = time.perf_counter() - start
                left = french.decimal(elapsed / done * (len(chosen) - done) / 60, 0)
                # One line per subject as it ends: an interrupted run still tells.
                untold = f", {untold_here} message(s) à côté" if args.messages else ""
                print(f"  [{done}/{len(chosen)}] {subject.label} : {wrong_here} verdict(s) faux"
                      f"{untold} — reste environ {left} min", flush=True)  # fmt: skip

    kinds = ("solutions", "justes", "départs", "mutants")
    print(f"\n {'exercice':<32}" + "".join(f" {kind:>12}" for kind in kinds))
    wrong_total = 0
    for exercise in exercises:
        cells = []
        for kind in kinds:
            found = totals.get((exercise.id, kind))
            cells.append(f"{found.wrong}/{found.rounds}" if found else "—")
            wrong_total += found.wrong if found else 0
        print(f" {exercise.id:<32}" + "".join(f" {cell:>12}" for cell in cells))
    print("\n Pire marge vue (> 1 : du bon côté de la borne)")
    for correct, who in ((True, "réponses justes"), (False, "mauvaises réponses")):
        for label, value in sorted(worst_margins(measures[correct], correct).items()):
            print(f"   {who:<20} {label:<48} {french.decimal(value, 2):>6}")
    minutes = french.decimal((time.perf_counter() - start) / 60, 1)
    untold_total = sum(t.untold for t in totals.values())
    if args.messages:
        told = sum(t.rounds for (_, kind), t in totals.items() if kind == "mutants")
        print(f"\n Premier message qui ne nomme pas l'erreur du mutant : {untold_total} manche(s) "
              f"sur {told}")  # fmt: skip
    print(f"\n{wrong_total} verdict(s) faux en {minutes} min.")
    examples = [e for tally in totals.values() for e in tally.examples]
    for example in examples[:10]:
        print(f"  - {example}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "rounds": args.rounds,
                    "python": sys.version.split()[0],
                    "pytest_args": pytest_args,
                    "jobs": args.jobs,
                    "spinners": args.spinners,
                    "cores": os.cpu_count(),
                    "minutes": round((time.perf_counter() - start) / 60, 1),
                    "load_before": load_before,
                    "load_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
                    "commit": git_commit(),
                    "graded_digest": {ex.id: graded_digest(ex) for ex in exercises},
                    "wrong": {f"{e}:{k}": [t.wrong, t.rounds] for (e, k), t in totals.items()},
                    **(
                        {
                            "untold": {
                                f"{e}:{k}": [t.untold, t.rounds]
                                for (e, k), t in totals.items()
                                if k == "mutants"
                            }
                        }
                        if args.messages
                        else {}
                    ),
                    "worst_margins": {
                        "solutions": worst_margins(measures[True], True),
                        "wrong": worst_margins(measures[False], False),
                    },
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 1 if wrong_total or untold_total else 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast is grading, next to the time the tests must wait: `nox -s bench`.

    python -m tools.maintainer.bench [--runs 5] [--json FILE] [--no-sessions]

1. The waits. The reference solutions run `--runs` times under pytest with
   tools/maintainer/bench_plugin.py, which adds up, per test, the wall time the
   main thread spent not computing: waiting for the exercise's delays, for
   the thread or process doing its blocking call or CPU work (process
   start-up included), for a socket. No harness can go below that.
2. The grading. `python -m tools.grading.grader --tree solutions` runs
   `--runs` times: its wall time, and each exercise's. So does the grading
   of the untouched stubs (exercises/), what a student waits for at a first
   push: a wrong answer waits out the tests' patiences.
3. The floor of a whole grading: each exercise's waits plus one interpreter
   start (its pytest process), spread over one process per core the way the
   grader does it (longest first), plus the grader's own start: what a grader
   running one exercise per core could reach at best. The grader runs more
   at once (`--jobs`, two per core by default): the waits leave the cores
   idle, and overlapping them is how it goes below that floor.
4. Unless --no-sessions: `nox -s solutions` on every installed interpreter,
   environments warm, against the sum of one plain pytest run per
   interpreter in the same environments.

5. Unless --sans-mutants: every mutant of tests/mutants/ graded alone (the
   grader on a tree holding it, `--jobs` at once), `--runs` times, its
   median against its exercise's solution graded the same way, in the same
   queue: the first failure decides a wrong answer
   (tools/grading/first_failure.py), so it should take no longer than a
   right one. One grading is not enough: the `--jobs` gradings beside it are
   other mutants, and a 1 s exercise next to CPU-bound ones was measured from
   1,41 to 1,68 times its solution. A mutant over PAIRED_ABOVE × is graded
   again `--runs` times, each time right before its solution in the same
   slot, and the median of these pairs' ratios is its figure.
6. The first French verdict: `python -m pytest NN` (what `nox -s tests --
   NN` runs) on every stub, and on every mutant unless --sans-mutants, one
   at a time: seconds from the start of pytest to the first line of the
   exercise's failure message, and where they went (pytest's `--durations`,
   printed after that line): the tests that ran before the one that decided,
   that test itself, and the rest (pytest's start, its collection, its
   report). A verdict over the limit is the order's doing when the tests
   before weigh, the deciding test's when it alone is over. And the
   student's default run (`nox`: `pytest --eleve`, every exercise, one
   Python) on the untouched stubs.
7. Unless --sans-renotation: the teacher's re-grade (tools/teacher/regrade.py,
   sandboxed where bubblewrap is) of `--depots` untouched exports, timed
   and extrapolated to a class of CLASS_SIZE.
8. With --stress [FILE...] (the --json of `nox -s stress` runs, by default
   the records of docs/mesures/stress/ that still match the tests,
   tools/maintainer/stress_record.py): their wrong verdicts.

The table gives medians and ratios, and each goal of GOALS with its figure;
--json writes the same figures.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import ROOT, TREES
from tools.grading.grader import default_jobs
from tools.maintainer import stress_record
from tools.maintainer.selfcheck import mutants_of

SESSIONS_RATIO = 1.3
# A mutant graded over this × its solution is measured again, in pairs with
# its solution (paired_ratios): near the goal's 1,5, the noise decides.
PAIRED_ABOVE = 1.3
CLASS_SIZE = 200
# pytest's header of one failure in its report: "____ test_name[param] ____"
# (a single "_" on each side when the name nearly fills the line; a
# parameter's id may hold spaces: "[entrée plus longue]").
FAILURE_HEADER = re.compile(r"^_+ ([^_\s].*?) _+\s*$")
# One line of pytest's `--durations=0`: "0.52s call     tests/…py::test_x[id]".
DURATION_LINE = re.compile(r"^(\d+\.\d+)s (?:setup|call|teardown) +(\S+::.+?)\s*$")
# The goals of issue 18, each measured by this bench: (key, text, limit).
GOALS = (
    ("solutions", "notation des solutions ≤ 1,3 × le plancher", 1.3),
    ("stubs", "codes de départ ≤ 1,2 × les solutions", 1.2),
    ("mutants", "chaque mutant décidé ≤ 1,5 × la solution de son exercice", 1.5),
    ("first_verdict", "premier verdict en français ≤ 1,5 s après le départ de pytest", 1.5),
    ("student_run", "nox (élève) sur tous les codes de départ ≤ 12 s", 12.0),
    ("regrade", f"renotation de {CLASS_SIZE} dépôts non commencés ≤ 15 min (en s)", 900.0),
    ("stress", "verdicts faux du stress", 0.0),
)


def timed(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def interpreter_start(python: str, runs: int) -> float:
    """An interpreter that imports asyncio and exits: the least a process costs."""
    return statistics.median(timed([python, "-c", "import asyncio"]) for _ in range(runs))


def waits_by_exercise(exercises: Sequence[Exercise], work: Path) -> dict[str, float]:
    """One pytest run of the solutions: seconds of loop waits per exercise."""
    target = work / "waits.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.maintainer.bench_plugin",
         f"--bench-json={target}", "--tree=solutions", "-q", "-p", "no:cacheprovider",
         *(ex.number for ex in exercises)],
        cwd=ROOT, capture_output=True, check=False,
    )  # fmt: skip
    tests: dict[str, dict[str, float]] = json.loads(target.read_text(encoding="utf-8"))
    found: dict[str, float] = defaultdict(float)
    for nodeid, figures in tests.items():
        name = nodeid.split("::")[0].rsplit("/", 1)[-1].removeprefix("test_").removesuffix(".py")
        found[name] += figures["waits_s"]
    return {ex.id: found.get(ex.id, 0.0) for ex in exercises}


def grading(
    work: Path, run: int, jobs: int, tree: str = "solutions"
) -> tuple[float, dict[str, float]]:
    """One grading of `tree`, `jobs` exercises at once: wall time, and each
    exercise's. The solutions must earn every point, the stubs none."""
    report_dir = work / f"rapport-{tree}-{run}"
    wall = timed(
        [sys.executable, "-m", "tools.grading.grader", "--tree", tree, "--no-github",
         "--jobs", str(jobs), "--report-dir", str(report_dir)],
        env=clean_environment(),
    )  # fmt: skip
    report = json.loads((report_dir / "notation.json").read_text(encoding="utf-8"))
    expected = report["max_points"] if tree == "solutions" else 0
    if report["points"] != expected:
        raise SystemExit(f"{tree} : {report['points']} points au lieu de {expected}")
    return wall, {ex["id"]: ex["duration_s"] for ex in report["exercises"]}


def makespan(durations: Sequence[float], jobs: int) -> float:
    """Longest first, each on the worker free first: how the grader schedules."""
    workers = [0.0] * max(1, jobs)
    for duration in sorted(durations, reverse=True):
        heapq.heappush(workers, heapq.heappop(workers) + duration)
    return max(workers)


def installed_pythons() -> list[str]:
    import nox.project

    pyproject = nox.project.load_toml(ROOT / "pyproject.toml")
    versions: list[str] = nox.project.python_versions(pyproject)
    return [v for v in versions if shutil.which(f"python{v}")]


def sessions(runs: int, nox_python: str, pythons: list[str]) -> dict[str, object]:
    """`nox -s solutions` (every installed Python, warm) against plain runs."""
    nox = [nox_python, "-m", "nox", "--no-color", "--reuse-venv", "yes"]
    subprocess.run([*nox, "-s", "solutions"], cwd=ROOT, capture_output=True, check=True)  # warm
    single: dict[str, float] = {}
    for version in pythons:
        venv = ROOT / ".nox" / f"solutions-{version.replace('.', '-')}"
        python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
        command = [str(python), "-m", "pytest", "--tree=solutions", "-q", "-p", "no:cacheprovider"]
        single[version] = statistics.median(timed(command) for _ in range(runs))
    together = statistics.median(timed([*nox, "-s", "solutions"]) for _ in range(runs))
    total = sum(single.values())
    return {
        "single_s": single,
        "sum_single_s": total,
        "nox_s": together,
        "ratio": together / total if total else None,
    }


def grade_alone(exercise: Exercise, path: Path, right: bool, tree: Path, report_dir: Path) -> float:
    """Grade a tree holding only `path` (under the exercise's file name):
    the exercise's seconds in the grader's report. A mutant that earns
    points, or a solution that misses some, stops the bench: that is a wrong
    verdict, not a time."""
    label = exercise.id if right else f"{exercise.id}/{path.stem}"
    tree.mkdir(parents=True)
    shutil.copy(path, tree / exercise.file_name)
    subprocess.run(
        [sys.executable, "-m", "tools.grading.grader", "--tree", str(tree), "--no-github",
         "--jobs", "1", "--report-dir", str(report_dir), exercise.number],
        cwd=ROOT, env=clean_environment(), capture_output=True, check=False,
    )  # fmt: skip
    report = json.loads((report_dir / "notation.json").read_text(encoding="utf-8"))
    if right and report["points"] != report["max_points"]:
        raise SystemExit(f"la solution de {label} n'obtient que {report['points']} points")
    if not right and report["points"]:
        raise SystemExit(f"le mutant {label} obtient {report['points']} points")
    return float(report["exercises"][0]["duration_s"])


def mutant_decisions(
    exercises: Sequence[Exercise], work: Path, jobs: int, runs: int = 1
) -> tuple[dict[str, float], dict[str, float]]:
    """Each mutant graded alone, `jobs` at once, `runs` times, and each
    exercise's solution graded the same way: ("exercise/mutant" -> the median
    of its exercise's seconds in the grader's reports, exercise id -> the
    solution's).

    They are taken one exercise after another, round-robin, every mutant once
    before any twice, each exercise's solution first: the `jobs` gradings
    running at once are then different exercises, not four of ex07's
    CPU-bound mutants sharing the cores, and a mutant is compared with its
    solution graded beside the same kind of neighbours (in the whole
    grading, ex07's solution took from 2,8 to 6,7 s, as the 3 exercises
    beside it burned the cores or not). The first run's trees stay in
    work/mutants/ (the first verdicts use them)."""
    queues = [[(ex, TREES["solutions"] / ex.file_name, True)]
              + [(ex, m.path, False) for m in mutants_of(ex)] for ex in exercises]  # fmt: skip
    subjects = [s for turn in itertools.zip_longest(*queues) for s in turn if s is not None]

    def one(job: tuple[int, tuple[Exercise, Path, bool]]) -> tuple[str, float]:
        run, (exercise, path, right) = job
        label = exercise.id if right else f"{exercise.id}/{path.stem}"
        folder = "solutions-seules" if right else "mutants"
        tree = work / (folder if run == 0 else f"{folder}-{run + 1}") / label
        report_dir = work / f"rapports-{folder}-{run + 1}" / label
        return label, grade_alone(exercise, path, right, tree, report_dir)

    seconds: dict[str, list[float]] = defaultdict(list)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for label, taken in pool.map(one, [(r, s) for r in range(runs) for s in subjects]):
            seconds[label].append(taken)
    medians = {label: statistics.median(taken) for label, taken in seconds.items()}
    solutions = {ex.id: medians.pop(ex.id) for ex in exercises}
    return medians, solutions


def paired_ratios(
    labels: Sequence[str], exercises: Sequence[Exercise], work: Path, jobs: int, runs: int
) -> dict[str, float]:
    """The mutants of `labels` graded again, `runs` times each, every time
    right before their exercise's solution in the same slot: the median of
    these pairs' ratios. In mutant_decisions the solutions are all graded at
    the start of each run, four of them at once, and a mutant later, beside
    other mutants: over three benches of the same code, ex08
    `aveugle_une_relance_par_reveil` read 1,25, 1,33 then 1,64 × its
    solution. A pair shares its neighbours and the machine's mood."""
    by_id = {ex.id: ex for ex in exercises}
    paths = {f"{m.exercise.id}/{m.path.stem}": m.path for ex in exercises for m in mutants_of(ex)}

    def pair(job: tuple[int, str]) -> tuple[str, float]:
        run, label = job
        exercise = by_id[label.split("/")[0]]
        where = work / "paires" / f"{run + 1}" / label
        mutant = grade_alone(exercise, paths[label], False, where / "mutant", where / "rapport-m")
        solution = grade_alone(
            exercise, TREES["solutions"] / exercise.file_name, True, where / "solution",
            where / "rapport-s",
        )  # fmt: skip
        return label, mutant / solution

    ratios: dict[str, list[float]] = defaultdict(list)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for label, ratio in pool.map(pair, [(r, label) for r in range(runs) for label in labels]):
            ratios[label].append(ratio)
    return {label: statistics.median(taken) for label, taken in ratios.items()}


@dataclass(frozen=True)
class FirstVerdict:
    """When a wrong answer's first French verdict showed, and why then.

    `seconds` from pytest's start to the verdict's first line (math.inf when
    none came); `test` the test that printed it; `before_s` the tests that
    ran before it and `deciding_s` that test, setup to teardown, from
    pytest's `--durations` (rounded to 10 ms each); the rest, `own_s`, is
    pytest's start, its collection and its report."""

    seconds: float
    test: str = ""
    before_s: float = 0.0
    deciding_s: float = 0.0

    @property
    def own_s(self) -> float:
        return self.seconds - self.before_s - self.deciding_s


def first_verdict(tree: Path, exercise: Exercise, extra: Sequence[str] = ()) -> FirstVerdict:
    """Time the first line of the exercise's French failure message
    ("[NN · titre] …"), pytest's output read as it comes, and split it."""
    tag = f"[{exercise.number} · "
    start = time.perf_counter()
    test = ""
    durations: dict[str, float] = defaultdict(float)
    with subprocess.Popen(
        [sys.executable, "-m", "pytest", f"--tree={tree}", "-p", "no:cacheprovider",
         "--durations=0", "--durations-min=0", *extra, exercise.number],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**clean_environment(), "PYTHONUNBUFFERED": "1", "PYTHONUTF8": "1"},
    ) as process:  # fmt: skip
        assert process.stdout is not None
        seen = math.inf
        header = ""
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace")
            if seen < math.inf:  # after the verdict: only pytest's durations
                if timed_line := DURATION_LINE.match(line):
                    durations[timed_line.group(2)] += float(timed_line.group(1))
            elif found := FAILURE_HEADER.match(line):
                header = found.group(1)
            elif tag in line:
                seen, test = time.perf_counter() - start, header
        process.wait()
    if seen == math.inf:
        return FirstVerdict(seen)
    # The deciding test's node id ends in its header's name; a test of the
    # same name in the other file (public, hidden) was skipped, quicker.
    named = [nodeid for nodeid in durations if nodeid.split("::", 1)[1] == test]
    deciding = max(named, key=durations.__getitem__, default="")
    deciding_s = durations.get(deciding, 0.0)
    return FirstVerdict(seen, test, sum(durations.values()) - deciding_s, deciding_s)


def student_run() -> float:
    """`nox` on the untouched stubs: pytest --eleve, every exercise."""
    return timed(
        [sys.executable, "-m", "pytest", "--tree=exercises", "--eleve", "-p", "no:cacheprovider"],
        env={**clean_environment(), "PYTHONUTF8": "1"},
    )


def regrade(work: Path, repositories: int) -> tuple[float, bool]:
    """The re-grade of `repositories` untouched exports: seconds, and whether
    it ran in the sandbox."""
    export = work / "modele"
    subprocess.run([sys.executable, "-m", "tools.teacher.template", str(export)],
                   cwd=ROOT, capture_output=True, check=True)  # fmt: skip
    folders = []
    for index in range(repositories):
        folder = work / "classe" / f"eleve-{index:03d}"
        shutil.copytree(export, folder, symlinks=True)
        folders.append(str(folder))
    sandboxed = shutil.which("bwrap") is not None and sys.platform.startswith("linux")
    command = [sys.executable, "-m", "tools.teacher.regrade", *folders,
               "--out", str(work / "notes")]  # fmt: skip
    if not sandboxed:
        command.append("--sans-isolation")
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"la renotation a échoué ({done.returncode}) :\n{done.stdout[-2000:]}")
    return seconds, sandboxed


def clean_environment() -> dict[str, str]:
    """No GitHub variable: the grader would write annotations and summaries."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}


def figure(value: object) -> str:
    """A figure for the teacher: two decimals, French; "—" for none (no time measured)."""
    return french.decimal(value, 2) if isinstance(value, int | float) else "—"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="mesures de chaque sorte (défaut : 5)")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--json", type=Path, help="écrit les chiffres dans ce fichier")
    parser.add_argument("--no-sessions", action="store_true", help="sans nox -s solutions")
    parser.add_argument("--sans-mutants", action="store_true", help="sans les mutants")
    parser.add_argument("--sans-renotation", action="store_true", help="sans la renotation")
    parser.add_argument(
        "--depots", type=int, default=20, help="dépôts de la renotation mesurée (défaut : 20)"
    )
    parser.add_argument(
        "--stress", type=Path, nargs="*",
        help="les --json de nox -s stress à reporter (défaut : docs/mesures/stress)",
    )  # fmt: skip
    # From `nox -s bench`, whose environment holds no nox: an environment like
    # `nox -s grade`'s, where no other package's pytest plugin is loaded.
    parser.add_argument("--nox-python", default=sys.executable, help=argparse.SUPPRESS)
    parser.add_argument("--pythons", help=argparse.SUPPRESS)  # "3.11,3.12,…"
    args = parser.parse_args(argv)
    exercises = load_manifest()
    print(f"Banc d'essai sous Python {sys.version.split()[0]}, {args.runs} mesure(s), "
          f"{args.jobs} exercice(s) à la fois", flush=True)  # fmt: skip

    start_s = interpreter_start(sys.executable, max(args.runs, 5))
    waits: dict[str, list[float]] = defaultdict(list)
    walls: list[float] = []
    per_exercise: dict[str, list[float]] = defaultdict(list)
    stub_walls: list[float] = []
    per_stub: dict[str, list[float]] = defaultdict(list)
    student_walls: list[float] = []
    goals: dict[str, float] = {}
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            for exercise_id, seconds in waits_by_exercise(exercises, work).items():
                waits[exercise_id].append(seconds)
            wall, durations = grading(work, run, args.jobs)
            walls.append(wall)
            for exercise_id, seconds in durations.items():
                per_exercise[exercise_id].append(seconds)
            stub_wall, stub_durations = grading(work, run, args.jobs, "exercises")
            stub_walls.append(stub_wall)
            for exercise_id, seconds in stub_durations.items():
                per_stub[exercise_id].append(seconds)
            student_walls.append(student_run())
            print(f"  mesure {run + 1}/{args.runs} : notation en {figure(wall)} s "
                  f"(codes de départ : {figure(stub_wall)} s ; nox de l'élève : "
                  f"{figure(student_walls[-1])} s)", flush=True)  # fmt: skip
        solution_s = {ex.id: statistics.median(per_exercise[ex.id]) for ex in exercises}
        firsts = {f"{ex.id}/départ": first_verdict(TREES["exercises"], ex) for ex in exercises}
        if not args.sans_mutants:
            print("  mutants…", flush=True)
            decided, alone = mutant_decisions(exercises, work, args.jobs, args.runs)
            ratios = {
                label: seconds / alone[label.split("/")[0]] for label, seconds in decided.items()
            }
            near = sorted(label for label, ratio in ratios.items() if ratio > PAIRED_ABOVE)
            paired = paired_ratios(near, exercises, work, args.jobs, args.runs) if near else {}
            ratios.update(paired)
            figures["mutants"] = {
                "seconds": decided,
                "solution_alone_s": alone,
                "ratio_to_solution": ratios,
                "paired": sorted(paired),
            }
            goals["mutants"] = max(ratios.values(), default=0.0)
            for mutant in (m for ex in exercises for m in mutants_of(ex)):
                tree = work / "mutants" / mutant.exercise.id / mutant.path.stem
                firsts[f"{mutant.exercise.id}/{mutant.path.stem}"] = first_verdict(
                    tree, mutant.exercise
                )
        verdicts = {label: verdict.seconds for label, verdict in firsts.items()}
        figures["first_verdict_s"] = verdicts
        figures["first_verdict_test"] = {label: verdict.test for label, verdict in firsts.items()}
        figures["first_verdict_parts_s"] = {
            label: {"before": verdict.before_s, "deciding": verdict.deciding_s,
                    "pytest": verdict.own_s}
            for label, verdict in firsts.items() if verdict.seconds < math.inf
        }  # fmt: skip
        goals["first_verdict"] = max(verdicts.values())
        if not args.sans_renotation:
            print(f"  renotation de {args.depots} dépôts…", flush=True)
            seconds, sandboxed = regrade(work, args.depots)
            figures["regrade"] = {"repositories": args.depots, "seconds": seconds,
                                  "sandboxed": sandboxed}  # fmt: skip
            goals["regrade"] = seconds * CLASS_SIZE / args.depots

    rows = []
    for exercise in exercises:
        wait = statistics.median(waits[exercise.id])
        rows.append((exercise, solution_s[exercise.id], wait))
    floors = [wait + start_s for _, _, wait in rows]
    cores = os.cpu_count() or 1
    floor = makespan(floors, cores) + start_s
    wall = statistics.median(walls)
    stubs = {ex.id: statistics.median(per_stub[ex.id]) for ex in exercises}

    # "départ": the same exercise on its untouched stub, a wrong answer: what
    # a student waits for before the exercise is solved (no floor: a wrong
    # answer's waits are its own).
    print(f"\n {'exercice':<30} {'médiane':>9} {'attentes':>9} {'+ démarrage':>12} {'ratio':>7}"
          f" {'départ':>9}")  # fmt: skip
    for (exercise, took, wait), exercise_floor in zip(rows, floors, strict=True):
        print(f" {exercise.id:<30} {figure(took):>8}s {figure(wait):>8}s "
              f"{figure(exercise_floor):>11}s {figure(took / exercise_floor):>6}× "
              f"{figure(stubs[exercise.id]):>8}s")  # fmt: skip
    start_ms = french.decimal(start_s * 1000, 0)
    print(f"\n Démarrage d'un interpréteur (import asyncio) : {start_ms} ms")
    print(f" Somme des attentes : {figure(sum(w for _, _, w in rows))} s ; réparties sur "
          f"{cores} processus (un par cœur), avec les démarrages : "
          f"plancher {figure(floor)} s")  # fmt: skip
    print(f" Notation entière : médiane {figure(wall)} s (de {figure(min(walls))} "
          f"à {figure(max(walls))}), {figure(wall / floor)} × le plancher")  # fmt: skip
    stub_wall = statistics.median(stub_walls)
    print(f" Notation des codes de départ (un premier push) : médiane {figure(stub_wall)} s "
          f"(de {figure(min(stub_walls))} à {figure(max(stub_walls))})")  # fmt: skip
    goals["solutions"] = wall / floor
    goals["stubs"] = stub_wall / wall
    goals["student_run"] = statistics.median(student_walls)
    slowest = max(verdicts, key=lambda label: verdicts[label])
    stubs_first = {k: v for k, v in verdicts.items() if k.endswith("/départ")}
    slowest_stub = max(stubs_first, key=lambda label: stubs_first[label])
    limit = dict((k, v) for k, _, v in GOALS)["first_verdict"]
    within = sum(v <= limit for v in verdicts.values())
    print(f" Premier verdict (pytest NN) : codes de départ au plus "
          f"{figure(stubs_first[slowest_stub])} s ({slowest_stub}) ; les {len(verdicts)} "
          f"mauvaises réponses connues ({len(stubs_first)} codes de départ et "
          f"{len(verdicts) - len(stubs_first)} mutants) : "
          f"médiane {figure(statistics.median(verdicts.values()))} s,"
          f" {within} en {french.number(limit)} s ou moins, au plus {figure(verdicts[slowest])} s "
          f"({slowest})")  # fmt: skip
    over = sorted((k for k, v in verdicts.items() if v > limit), key=verdicts.__getitem__,
                  reverse=True)  # fmt: skip
    if over:
        print(
            f"   au-delà de {french.number(limit)} s : secondes = pytest (démarrage, "
            "collecte, rapport) + tests passés avant + test qui décide"
        )
    for label in over:
        verdict = firsts[label]
        print(f"   {figure(verdict.seconds)} s = {figure(verdict.own_s)} + "
              f"{figure(verdict.before_s)} + {figure(verdict.deciding_s)}, {label}, "
              f"décidé par {verdict.test or '?'}")  # fmt: skip
    if "mutants" in figures:
        ratios = figures["mutants"]["ratio_to_solution"]  # type: ignore[index]
        worst = max(ratios, key=ratios.get)
        print(f" Mutants notés seuls ({args.runs} fois chacun, leur médiane) : {len(ratios)}, "
              "médiane "
              f"{figure(statistics.median(ratios.values()))} × la solution de leur exercice "
              "notée de même, "
              f"au plus {figure(ratios[worst])} × ({worst})")  # fmt: skip
        paired = figures["mutants"]["paired"]  # type: ignore[index]
        if paired:
            again = ", ".join(f"{label} {figure(ratios[label])} ×" for label in paired)
            print(f"   au-delà de {figure(PAIRED_ABOVE)} ×, notés à nouveau chacun juste avant sa "
                  f"solution, {args.runs} fois (médiane des paires) : {again}")  # fmt: skip
    if "regrade" in figures:
        found = figures["regrade"]
        assert isinstance(found, dict)
        where = "dans bubblewrap" if found["sandboxed"] else "sans isolation"
        print(f" Renotation de {found['repositories']} dépôts non commencés ({where}) : "
              f"{figure(found['seconds'])} s, soit {figure(goals['regrade'] / 60)} min pour "
              f"{CLASS_SIZE}")  # fmt: skip
    if args.stress is not None:
        records = stress_record.standings(args.stress or [stress_record.RECORDS], exercises)
        wrong, stressed, missing = stress_record.total_wrong(records)
        figures["stress"] = {"wrong": wrong, "verdicts": stressed, "without_record": missing}
        if not missing:
            goals["stress"] = wrong
        print(f" Stress (enregistrements à jour) : {wrong} verdict(s) faux sur {stressed}"
              + (f" ; {missing} exercice(s) sans stress à jour" if missing else ""))  # fmt: skip

    print("\n Objectifs")
    for key, text, limit in GOALS:
        if key not in goals:
            print(f"   {text} : non mesuré")
            continue
        reached = "atteint" if goals[key] <= limit else "MANQUÉ"
        print(f"   {text} : {figure(goals[key])} — {reached}")

    figures.update({
        "python": sys.version.split()[0],
        "runs": args.runs,
        "jobs": args.jobs,
        "interpreter_start_s": start_s,
        "exercises": {
            ex.id: {"median_s": took, "waits_s": wait, "floor_s": f}
            for (ex, took, wait), f in zip(rows, floors, strict=True)
        },
        "grading": {"median_s": wall, "runs_s": walls, "floor_s": floor, "ratio": wall / floor},
        "stubs_grading": {"median_s": stub_wall, "runs_s": stub_walls, "exercises_s": stubs},
        "student_run": {"median_s": goals["student_run"], "runs_s": student_walls},
        "goals": {key: {"value": goals.get(key), "limit": limit} for key, _, limit in GOALS},
    })  # fmt: skip
    if not args.no_sessions:
        pythons = args.pythons.split(",") if args.pythons else installed_pythons()
        found = sessions(min(args.runs, 3), args.nox_python, pythons)
        figures["sessions"] = found
        singles = found["single_s"]
        assert isinstance(singles, dict)
        print("\n nox -s solutions, environnements prêts :")
        for version, seconds in singles.items():
            print(f"   pytest seul sous {version} : {figure(seconds)} s")
        session_ratio = found["ratio"]
        print(f"   nox -s solutions ({len(singles)} versions) : {figure(found['nox_s'])} s, soit "
              f"{figure(session_ratio)} × la somme ({figure(found['sum_single_s'])} s) "
              f"— objectif ≤ {french.number(SESSIONS_RATIO)} ×")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

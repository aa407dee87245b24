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
   start (its pytest process), spread over the grader's parallel jobs the way
   the grader does it (longest first), plus the grader's own start.
4. Unless --no-sessions: `nox -s solutions` on every installed interpreter,
   environments warm, against the sum of one plain pytest run per
   interpreter in the same environments.

The table gives medians and ratios; --json writes the same figures. Targets
(issue 7): grading ≤ 1.5 × its floor and ≤ 10 s; the nox sessions ≤ 1.3 ×
the sum of the single runs.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import ROOT

GRADING_RATIO = 1.5
GRADING_SECONDS = 10.0
SESSIONS_RATIO = 1.3


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


def grading(work: Path, run: int, tree: str = "solutions") -> tuple[float, dict[str, float]]:
    """One grading of `tree`: wall time, and each exercise's. The solutions
    must earn every point, the stubs none."""
    report_dir = work / f"rapport-{tree}-{run}"
    wall = timed(
        [sys.executable, "-m", "tools.grading.grader", "--tree", tree, "--no-github",
         "--report-dir", str(report_dir)],
        env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
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


def figure(value: object) -> str:
    """A figure for the teacher: two decimals, French; "—" for none (no time measured)."""
    return french.decimal(value, 2) if isinstance(value, int | float) else "—"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="mesures de chaque sorte (défaut : 5)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--json", type=Path, help="écrit les chiffres dans ce fichier")
    parser.add_argument("--no-sessions", action="store_true", help="sans nox -s solutions")
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
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            for exercise_id, seconds in waits_by_exercise(exercises, work).items():
                waits[exercise_id].append(seconds)
            wall, durations = grading(work, run)
            walls.append(wall)
            for exercise_id, seconds in durations.items():
                per_exercise[exercise_id].append(seconds)
            stub_wall, stub_durations = grading(work, run, "exercises")
            stub_walls.append(stub_wall)
            for exercise_id, seconds in stub_durations.items():
                per_stub[exercise_id].append(seconds)
            print(f"  mesure {run + 1}/{args.runs} : notation en {figure(wall)} s "
                  f"(codes de départ : {figure(stub_wall)} s)", flush=True)  # fmt: skip

    rows = []
    for exercise in exercises:
        wait = statistics.median(waits[exercise.id])
        took = statistics.median(per_exercise[exercise.id])
        rows.append((exercise, took, wait))
    floors = [wait + start_s for _, _, wait in rows]
    floor = makespan(floors, args.jobs) + start_s
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
          f"{args.jobs} processus, avec les démarrages : plancher {figure(floor)} s")  # fmt: skip
    ratio = wall / floor
    verdict = "atteint" if ratio <= GRADING_RATIO and wall <= GRADING_SECONDS else "manqué"
    print(f" Notation entière : médiane {figure(wall)} s (de {figure(min(walls))} "
          f"à {figure(max(walls))}), {figure(ratio)} × le plancher — objectif "
          f"≤ {french.number(GRADING_RATIO)} × et ≤ {french.number(GRADING_SECONDS)} s "
          f": {verdict}")  # fmt: skip
    stub_wall = statistics.median(stub_walls)
    print(f" Notation des codes de départ (un premier push) : médiane {figure(stub_wall)} s "
          f"(de {figure(min(stub_walls))} à {figure(max(stub_walls))})")  # fmt: skip

    figures: dict[str, object] = {
        "python": sys.version.split()[0],
        "runs": args.runs,
        "jobs": args.jobs,
        "interpreter_start_s": start_s,
        "exercises": {
            ex.id: {"median_s": took, "waits_s": wait, "floor_s": f}
            for (ex, took, wait), f in zip(rows, floors, strict=True)
        },
        "grading": {"median_s": wall, "runs_s": walls, "floor_s": floor, "ratio": ratio},
        "stubs_grading": {"median_s": stub_wall, "runs_s": stub_walls, "exercises_s": stubs},
    }
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

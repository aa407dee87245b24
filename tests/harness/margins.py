"""Measure the margins of every timing bound of the hidden tests.

    python -m tests.harness.margins [--runs 7]

For each bound, runs the reference solution and a wrong answer (the stub, or
the mutant the bound exists to catch) several times, on an idle machine and
with every core kept busy by other processes, and prints the medians and the
margins: bound / solution (wanted ≥ 3) and wrong / bound (wanted ≥ 2).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.harness.clock import perf_counter
from tests.harness.manifest import exercise_by_id
from tests.harness.offload import MAX_LAG_RATIO, PATIENCE, observe
from tests.harness.paths import TREES
from tests.harness.student import Student
from tests.hidden.test_ex02_gather import BOUND_FACTOR, random_service

Measure = Callable[[Student], Awaitable[float]]


@contextmanager
def busy_cores(enabled: bool) -> Iterator[None]:
    """Keep every core busy with spinning processes for the block."""
    if not enabled:
        yield
        return
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        yield
    finally:
        for p in spinners:
            p.kill()
            p.wait()


def student(exercise_id: str, tree: Path) -> Student:
    return Student(exercise_by_id(exercise_id), tree)


async def gather_duration_ratio(s: Student) -> float:
    """Elapsed time / longest delay (the bound is BOUND_FACTOR)."""
    urls, _, fake = random_service(random.Random())
    start = perf_counter()
    await s.module.telecharger_tout(urls, fake.operation)
    return (perf_counter() - start) / max(map(fake.delay, urls))


def lag_ratio(method: str) -> Measure:
    async def measure(s: Student) -> float:
        return (await observe(s, method)).lag_ratio

    return measure


def start_skew(method: str) -> Measure:
    """Seconds between the first and the second job start (patience: PATIENCE)."""

    async def measure(s: Student) -> float:
        reports = (await observe(s, method)).reports()
        starts = sorted(r.start for r in reports)
        return starts[1] - starts[0]

    return measure


def cases() -> dict[str, tuple[str, Measure, Path, float]]:
    """name -> (exercise, measure, tree of the wrong answer, bound)."""
    found: dict[str, tuple[str, Measure, Path, float]] = {
        "02 durée / plus long délai": (
            "ex02_gather",
            gather_duration_ratio,
            TREES["exercises"],
            BOUND_FACTOR,
        ),
    }
    for method in multiprocessing.get_all_start_methods():
        found[f"07 retard de boucle / durée ({method})"] = (
            "ex07_calcul_cpu",
            lag_ratio(method),
            TREES["exercises"],
            MAX_LAG_RATIO,
        )
    for method in multiprocessing.get_all_start_methods():
        # A wrong answer never meets a companion: it always waits PATIENCE.
        found[f"07 écart entre 2 démarrages, s ({method})"] = (
            "ex07_calcul_cpu",
            start_skew(method),
            Path(),
            PATIENCE,
        )
    return found


def median_in_subprocess(case: str, tree: Path, runs: int, loaded: bool) -> float:
    """One tree per process: the graded modules are imported by their plain name."""
    command = [sys.executable, "-m", "tests.harness.margins", "--case", case,
               "--tree", str(tree), "--runs", str(runs)]  # fmt: skip
    with busy_cores(loaded):
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(out.split()[-1])


def measure_here(case: str, tree: Path, runs: int) -> None:
    exercise_id, measure, _, _ = cases()[case]
    graded = Student(exercise_by_id(exercise_id), tree)

    async def run_all() -> list[float]:
        return [await measure(graded) for _ in range(runs)]

    print(statistics.median(asyncio.run(run_all())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        measure_here(args.case, args.tree, args.runs)
        return
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cœurs, médianes de {args.runs}")
    print(f"{'borne':42} {'charge':7} {'solution':>8} {'fausse':>8} {'borne':>6} "
          f"{'borne/sol':>9} {'faux/borne':>10}")  # fmt: skip
    for case, (_, _, wrong_tree, bound) in cases().items():
        for loaded in (False, True):
            good = median_in_subprocess(case, TREES["solutions"], args.runs, loaded)
            bad_text = bad_margin = "—"
            if wrong_tree != Path():
                bad = median_in_subprocess(case, wrong_tree, args.runs, loaded)
                bad_text, bad_margin = f"{bad:.3f}", f"{bad / bound:.1f}"
            print(
                f"{case:42} {'2 cœurs' if loaded else 'repos':7} {good:8.3f} {bad_text:>8} "
                f"{bound:6.2f} {bound / good:9.1f} {bad_margin:>10}",
                flush=True,
            )


if __name__ == "__main__":
    main()

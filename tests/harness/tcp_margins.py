"""Measure the margins of the time bounds of exercise 10 (the TCP server).

    python -m tests.harness.tcp_margins [--runs 7]

Same method as tests/harness/margins.py, whose cases it would join: the
reference solution and, where a bound has one, the mutant the bound exists
to catch, each in its own process, on an idle machine and with every core
kept busy. Margins wanted: bound / solution ≥ 3 and wrong / bound ≥ 2.
A gate's patience only runs out for wrong answers, which never fill it: it
has no wrong-answer figure.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.harness.loop_lag import LagMonitor
from tests.harness.manifest import exercise_by_id
from tests.harness.margins import busy_cores
from tests.harness.paths import MUTANTS, TREES
from tests.harness.student import Student
from tests.harness.tcp_lines import (
    HOST,
    CalcServer,
    Gate,
    GatedService,
    raise_open_file_limit,
    running_server,
)
from tests.hidden.test_ex10_serveur_tcp import (
    CLIENT_PATIENCE,
    CLIENTS,
    LOTS,
    MAX_LAG,
    REPLY_LIMIT,
    SERVER_PATIENCE,
    Calc,
    lots_of,
    many_clients,
    responder,
)

EXERCISE = "ex10_serveur_tcp"
Measure = Callable[[Student], Awaitable[float]]


async def server_gate(s: Student) -> float:
    """Seconds from the first request in `calculer` until all are in it."""
    count = CLIENTS[1]
    gate = Gate(count, SERVER_PATIENCE)
    async with running_server(s, GatedService(Calc(3, 1), gate).operation) as server:
        await many_clients(s, server, count, random.Random(), SERVER_PATIENCE + REPLY_LIMIT)
    gate.release()
    return gate.opened_after if gate.opened_after is not None else float("inf")


async def client_gate(s: Student) -> float:
    """Seconds from the first connection until all are open."""
    count = LOTS[1]
    gate = Gate(count, CLIENT_PATIENCE)
    async with CalcServer(responder(Calc(3, 1), {}), gate=gate) as fake:
        await s.module.interroger_beaucoup(HOST, fake.port, lots_of(random.Random(), count))
    return gate.opened_after if gate.opened_after is not None else float("inf")


async def worst_lag(s: Student) -> float:
    count = CLIENTS[1]
    async with (
        running_server(s, GatedService(Calc(3, 1), Gate.already_open()).operation) as server,
        LagMonitor() as lag,
    ):
        await many_clients(s, server, count, random.Random(), REPLY_LIMIT)
    return lag.worst


def cases() -> dict[str, tuple[Measure, str | None, float]]:
    """name -> (measure, mutant the bound catches, bound)."""
    return {
        "10 porte serveur, s (240 requêtes)": (server_gate, None, SERVER_PATIENCE),
        "10 porte client, s (120 connexions)": (client_gate, None, CLIENT_PATIENCE),
        "10 pire retard de boucle, s": (worst_lag, "pause_bloquante", MAX_LAG),
    }


def median_in_subprocess(case: str, tree: Path, runs: int, loaded: bool) -> float:
    command = [sys.executable, "-m", "tests.harness.tcp_margins", "--case", case,
               "--tree", str(tree), "--runs", str(runs)]  # fmt: skip
    with busy_cores(loaded):
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(out.split()[-1])


def measure_here(case: str, tree: Path, runs: int) -> None:
    measure, _, _ = cases()[case]
    graded = Student(exercise_by_id(EXERCISE), tree)
    raise_open_file_limit(CLIENTS[1])

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
    print(f"Python {sys.version.split()[0]}, médianes de {args.runs}")
    print(f"{'borne':38} {'charge':7} {'solution':>8} {'fausse':>8} {'borne':>6} "
          f"{'borne/sol':>9} {'faux/borne':>10}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for case, (_, mutant, bound) in cases().items():
            wrong_tree = None
            if mutant is not None:
                wrong_tree = Path(tmp) / mutant
                wrong_tree.mkdir(exist_ok=True)
                shutil.copy(MUTANTS / EXERCISE / f"{mutant}.py", wrong_tree / f"{EXERCISE}.py")
            for loaded in (False, True):
                good = median_in_subprocess(case, TREES["solutions"], args.runs, loaded)
                bad_text = bad_margin = "—"
                if wrong_tree is not None:
                    bad = median_in_subprocess(case, wrong_tree, args.runs, loaded)
                    bad_text, bad_margin = f"{bad:.3f}", f"{bad / bound:.1f}"
                print(
                    f"{case:38} {'2 cœurs' if loaded else 'repos':7} {good:8.3f} "
                    f"{bad_text:>8} {bound:6.2f} {bound / good:9.1f} {bad_margin:>10}",
                    flush=True,
                )


if __name__ == "__main__":
    main()

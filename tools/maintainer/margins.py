"""Measure the margin of every wall-clock bound of the hidden tests.

    python -m tools.maintainer.margins [--runs 7] [-k TEXT]

Each bound is one case of `CASES`: what the hidden test measures (a coroutine
that returns one figure), the bound it compares that figure with, and the
wrong answer the bound exists to catch (the stub of exercises/, or a mutant
of tests/mutants/). For each case, the reference solution and the wrong
answer each run `--runs` times, on an idle machine and then with every core
kept busy by spinning processes, and the table shows the medians and the
margins:

- upper bound: bound / solution (wanted ≥ 3) and wrong / bound (wanted ≥ 2);
- lower bound: solution / bound (wanted ≥ 3) and bound / wrong (wanted ≥ 2).

A case without a wrong answer is a patience that only a wrong answer runs
out of: a wrong answer would measure the patience itself.

Every series runs in its own process, with one tree: the graded modules are
imported by their plain name, so a solution and a wrong answer cannot share
a process. `-k` keeps the cases whose label or exercise id contains TEXT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import math
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import tests.hidden.test_ex01_premiere_coroutine as ex01
import tests.hidden.test_ex02_gather as ex02
import tests.hidden.test_ex06_io_bloquante as ex06
import tests.hidden.test_ex10_serveur_tcp as ex10
import tests.hidden.test_ex11_supervision as ex11
from tests.support import offload, tcp_lines
from tests.support.blocking_io import HOLD_PATIENCE as EX06_HOLD_PATIENCE
from tests.support.blocking_io import LOOP_PATIENCE as EX06_LOOP_PATIENCE
from tests.support.blocking_io import default_pool_size
from tests.support.blocking_io import observe as observe_ex06
from tests.support.clock import perf_counter
from tests.support.collector import no_garbage_collection
from tests.support.loop_lag import LagMonitor
from tests.support.never_awaited import record_never_awaited
from tests.support.premiere_coroutine import greet_together
from tests.support.student import Student
from tests.support.tcp_lines import (
    HOST,
    CalcServer,
    Gate,
    GatedService,
    LineClient,
    Reply,
    raise_open_file_limit,
    running_server,
)
from tools.common import french
from tools.common.manifest import exercise_by_id
from tools.common.paths import MUTANTS, TREES
from tools.maintainer.stress import spinning

Measure = Callable[[Student], Awaitable[float]]

SOLUTION_MARGIN = 3.0  # wanted: bound / solution (solution / bound for a lower bound)
WRONG_MARGIN = 2.0  # wanted: wrong / bound (bound / wrong for a lower bound)


@dataclass(frozen=True)
class Case:
    """One wall-clock bound of the hidden tests."""

    label: str  # says what is measured, and its unit ("/ d": a ratio; ", s": seconds)
    exercise: str
    measure: Measure
    bound: float
    # The file of the wrong answer the bound catches (the stub or a mutant),
    # or None for a patience that only a wrong answer runs out of.
    wrong: Path | None
    lower: bool = False  # a lower bound: the solution must stay above it

    def solution_margin(self, good: float) -> float:
        return ratio(good, self.bound) if self.lower else ratio(self.bound, good)

    def wrong_margin(self, bad: float) -> float:
        return ratio(self.bound, bad) if self.lower else ratio(bad, self.bound)

    def matches(self, text: str) -> bool:
        text = text.casefold()
        return text in self.label.casefold() or text in self.exercise.casefold()


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.inf


def stub(exercise_id: str) -> Path:
    return TREES["exercises"] / exercise_by_id(exercise_id).file_name


def mutant(exercise_id: str, name: str) -> Path:
    return MUTANTS / exercise_id / f"{name}.py"


# -- ex01: the loop stays free during saluer(nom, d); saluer lasts about d ----------
# The hidden tests draw d inline: 80 to 120 ms for the lag, 60 to 100 ms for the
# duration (tests/hidden/test_ex01_premiere_coroutine.py).


async def ex01_lag_ratio(s: Student) -> float:
    """Worst loop lag during three saluer(nom, d) at once, over the shortest d
    (bound: MAX_LAG_RATIO)."""
    guests = ex01.invites(random.Random(), ex01.GUESTS_FOR_LAG, 80, 120)
    saluer = s.function("saluer")
    with no_garbage_collection():  # as the test: a collector pass is not the answer's lag
        async with LagMonitor() as monitor:
            await greet_together(saluer, guests)
    return monitor.worst / min(guests.values())


async def ex01_duration_ratio(s: Student) -> float:
    """Duration of saluer(nom, d), over d (bounds: MIN and MAX_DURATION_RATIO)."""
    rng = random.Random()
    nom, duree = rng.choice(ex01.NAMES), rng.randrange(60, 101) / 1000
    with record_never_awaited():  # as the test: asyncio.sleep without await warns
        start = perf_counter()
        await s.function("saluer")(nom, duree)
        elapsed = perf_counter() - start
    return elapsed / duree


# -- ex02: gather lasts about the longest delay --------------------------------------


async def ex02_duration_ratio(s: Student) -> float:
    """Elapsed time / longest delay (bound: BOUND_FACTOR)."""
    urls, _, fake = ex02.random_service(random.Random())
    start = perf_counter()
    await s.function("telecharger_tout")(urls, fake.operation)
    return (perf_counter() - start) / max(map(fake.delay, urls))


# -- ex06: the loop stays free during the blocking calls -----------------------------


async def ex06_loop_answer(s: Student) -> float:
    """Slowest answer of the loop to a client call in progress, in seconds
    (bound: LOOP_PATIENCE, a patience: a loop blocked by the call never
    answers, and its figure is the patience itself)."""
    seen = await observe_ex06(s, ex06.new_case(), ask_loop=True)
    answers = [c.loop_answer for c in seen.client.calls if c.loop_answer is not None]
    return max(answers) if len(answers) == len(seen.client.calls) else EX06_LOOP_PATIENCE


async def ex06_start_spread(s: Student) -> float:
    """Seconds between the first and the last start of the calls of one
    held observation (bound: HOLD_PATIENCE, a patience: calls that never
    all start give the patience itself, or more)."""
    seen = await observe_ex06(s, ex06.new_case(default_pool_size()), hold=True)
    starts = [c.start for c in seen.client.calls]
    return max(starts) - min(starts) if starts else EX06_HOLD_PATIENCE


# -- ex07: the loop stays free; two jobs meet in the pool ----------------------------


def ex07_lag_ratio(method: str) -> Measure:
    async def measure(s: Student) -> float:
        return (await offload.observe(s, method)).lag_ratio

    return measure


def ex07_waited_alone(method: str) -> Measure:
    """Seconds a job waited for a companion, a worker still starting not
    counted (patience: PATIENCE)."""

    async def measure(s: Student) -> float:
        return max(r.waited_alone for r in (await offload.observe(s, method)).reports())

    return measure


# -- ex10: the TCP server and client -------------------------------------------------


async def ex10_server_gate(s: Student) -> float:
    """Seconds from the first request in `calculer` until all are in it."""
    count = ex10.CLIENTS[1]
    raise_open_file_limit(count)
    gate = Gate(count, ex10.SERVER_PATIENCE)
    service = GatedService(ex10.Calc(3, 1), gate)
    try:
        async with running_server(s, service.operation) as server:
            first_wait = ex10.SERVER_PATIENCE + ex10.REPLY_LIMIT
            await ex10.many_clients(s, server, count, random.Random(), first_wait)
    finally:
        gate.release()
    return gate.opened_after if gate.opened_after is not None else math.inf


async def ex10_client_gate(s: Student) -> float:
    """Seconds from the first connection until all are open."""
    count = ex10.LOTS[1]
    raise_open_file_limit(count)
    gate = Gate(count, ex10.CLIENT_PATIENCE)
    async with CalcServer(ex10.responder(ex10.Calc(3, 1), {}), gate=gate) as fake:
        lots = ex10.lots_of(random.Random(), count)
        await s.function("interroger_beaucoup")(HOST, fake.port, lots)
    return gate.opened_after if gate.opened_after is not None else math.inf


async def ex10_worst_lag(s: Student) -> float:
    """Worst loop lag, in seconds, during a session of the most clients."""
    count = ex10.CLIENTS[1]
    raise_open_file_limit(count)
    async with (
        running_server(s, ex10.ungated(ex10.Calc(3, 1)).operation) as server,
        LagMonitor() as lag,
    ):
        await ex10.many_clients(s, server, count, random.Random(), ex10.REPLY_LIMIT)
    return lag.worst


async def ex10_start(s: Student) -> float:
    """Seconds demarrer_serveur(calculer, 0) takes to return its server
    (infinite when it has not returned after 4 × the bound)."""
    start = time.perf_counter()
    calculer = ex10.ungated(ex10.Calc(3, 1)).operation
    starting = asyncio.ensure_future(s.function("demarrer_serveur")(calculer, 0))
    done, _ = await asyncio.wait({starting}, timeout=4 * tcp_lines.START_LIMIT)
    elapsed = time.perf_counter() - start
    if not done:
        starting.cancel()
        await asyncio.wait({starting})
        return math.inf
    server = starting.result()
    server.close()
    await server.wait_closed()
    return elapsed


async def ex10_worst_reply(s: Student) -> float:
    """Longest wait for one reply, in seconds, during a session of the most
    clients (the test's `receive` timed from outside). A patience too: a
    server that does not answer waits it in full."""
    count = ex10.CLIENTS[1]
    raise_open_file_limit(count)
    waits: list[float] = []
    receive = LineClient.receive

    async def timed(client: LineClient, limit: float) -> Reply:
        start = perf_counter()
        try:
            return await receive(client, limit)
        finally:
            waits.append(perf_counter() - start)

    with mock.patch.object(LineClient, "receive", timed):
        async with running_server(s, ex10.ungated(ex10.Calc(3, 1)).operation) as server:
            await ex10.many_clients(s, server, count, random.Random(), ex10.REPLY_LIMIT)
    return max(waits)


# -- ex11: TimeoutError soon after the deadline --------------------------------------


def ex11_timeout_ratio(kind: str) -> Callable[[Student], Awaitable[float]]:
    async def measure(s: Student) -> float:
        """Seconds until executer_groupe raises or returns, over the deadline."""
        case = await ex11.observe(s, kind)
        return case.elapsed / case.delai

    return measure


def all_cases() -> list[Case]:
    methods = multiprocessing.get_all_start_methods()
    ex01_id, ex10_id = "ex01_premiere_coroutine", "ex10_serveur_tcp"
    return [
        Case("01 retard de boucle / d", ex01_id, ex01_lag_ratio, ex01.MAX_LAG_RATIO,
             mutant(ex01_id, "time_sleep_garde")),
        Case("01 durée de saluer / d (borne basse)", ex01_id, ex01_duration_ratio,
             ex01.MIN_DURATION_RATIO, mutant(ex01_id, "sleep_sans_await"), lower=True),
        Case("01 durée de saluer / d (borne haute)", ex01_id, ex01_duration_ratio,
             ex01.MAX_DURATION_RATIO, mutant(ex01_id, "attend_toujours_une_seconde")),
        Case("02 durée / plus long délai", "ex02_gather", ex02_duration_ratio,
             ex02.BOUND_FACTOR, stub("ex02_gather")),
        Case("06 réponse de la boucle pendant un appel, s", "ex06_io_bloquante",
             ex06_loop_answer, EX06_LOOP_PATIENCE, None),
        Case("06 écart des démarrages des appels, s", "ex06_io_bloquante",
             ex06_start_spread, EX06_HOLD_PATIENCE, None),
        *(Case(f"07 retard de boucle / durée ({m})", "ex07_calcul_cpu", ex07_lag_ratio(m),
               offload.MAX_LAG_RATIO, stub("ex07_calcul_cpu")) for m in methods),
        *(Case(f"07 attente d'un autre calcul, s ({m})", "ex07_calcul_cpu", ex07_waited_alone(m),
               offload.PATIENCE, None) for m in methods),
        Case("10 démarrage du serveur, s", ex10_id, ex10_start, tcp_lines.START_LIMIT,
             mutant(ex10_id, "serve_forever_dans_demarrer")),
        Case(f"10 porte serveur, s ({ex10.CLIENTS[1]} requêtes)", ex10_id, ex10_server_gate,
             ex10.SERVER_PATIENCE, None),
        Case(f"10 porte client, s ({ex10.LOTS[1]} connexions)", ex10_id, ex10_client_gate,
             ex10.CLIENT_PATIENCE, None),
        Case(f"10 pire attente d'une réponse, s ({ex10.CLIENTS[1]} clients)", ex10_id,
             ex10_worst_reply, ex10.REPLY_LIMIT, None),
        Case(f"10 pire retard de boucle, s ({ex10.CLIENTS[1]} clients)", ex10_id,
             ex10_worst_lag, ex10.MAX_LAG, mutant(ex10_id, "pause_bloquante")),
        Case("11 durée avant TimeoutError / délai (delai)", "ex11_supervision",
             ex11_timeout_ratio("delai"), ex11.BOUND_FACTOR, stub("ex11_supervision")),
        # Its jobs all end within 1,8 × the deadline: no wrong answer runs past the bound.
        Case("11 durée avant TimeoutError / délai (echelonne)", "ex11_supervision",
             ex11_timeout_ratio("echelonne"), ex11.BOUND_FACTOR, None),
    ]  # fmt: skip


# -- running the measures ------------------------------------------------------------


@contextmanager
def busy_cores(enabled: bool) -> Iterator[None]:
    """Keep every core busy with spinning processes for the block."""
    with spinning((os.cpu_count() or 2) if enabled else 0):
        yield


def wrong_tree(case: Case, work: Path) -> Path:
    """A tree holding the wrong answer under the exercise's file name."""
    assert case.wrong is not None
    file_name = exercise_by_id(case.exercise).file_name
    if case.wrong.name == file_name:  # the stub: its own tree
        return case.wrong.parent
    tree = work / f"{case.exercise}-{case.wrong.stem}"
    tree.mkdir(exist_ok=True)
    shutil.copy(case.wrong, tree / file_name)
    return tree


def median_in_subprocess(case: Case, tree: Path, runs: int, loaded: bool) -> float:
    """One tree per process: the graded modules are imported by their plain name."""
    command = [sys.executable, "-m", "tools.maintainer.margins", "--case", case.label,
               "--tree", str(tree), "--runs", str(runs)]  # fmt: skip
    with busy_cores(loaded):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"Échec de la mesure « {case.label} » sur {tree} :\n{done.stderr}")
    return float(done.stdout.split()[-1])


def measure_here(label: str, tree: Path, runs: int) -> None:
    """Print the median of `runs` measures of one case on one tree."""
    case = next(c for c in all_cases() if c.label == label)
    graded = Student(exercise_by_id(case.exercise), tree)

    async def run_all() -> list[float]:
        return [await case.measure(graded) for _ in range(runs)]

    with contextlib.redirect_stdout(io.StringIO()):  # what the graded code prints
        values = asyncio.run(run_all())
    print(statistics.median(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="mesures par médiane (7)")
    parser.add_argument(
        "-k", dest="keep", metavar="TEXT", help="les bornes dont le nom ou l'exercice contient TEXT"
    )
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        measure_here(args.case, args.tree, args.runs)
        return
    cases = [c for c in all_cases() if args.keep is None or c.matches(args.keep)]
    if not cases:
        sys.exit(f"Aucune borne ne correspond à « {args.keep} ».")
    cores = os.cpu_count() or 2
    width = max(len(c.label) for c in cases)
    print(f"Python {sys.version.split()[0]}, {cores} cœurs, médianes de {args.runs} mesures")
    print(f"{'borne':{width}} {'charge':8} {'solution':>8} {'fausse':>8} {'borne':>6} "
          f"{'marge sol.':>10} {'marge fausse':>12}")  # fmt: skip
    short: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="margins-") as work:
        for case in cases:
            bad_tree = None if case.wrong is None else wrong_tree(case, Path(work))
            for loaded in (False, True):
                load = f"{cores} cœurs" if loaded else "repos"
                good = median_in_subprocess(case, TREES["solutions"], args.runs, loaded)
                good_margin = case.solution_margin(good)
                bad_text = bad_margin_text = "—"
                if good_margin < SOLUTION_MARGIN:
                    margin = french.decimal(good_margin, 1)
                    short.append(f"{case.label} ({load}) : marge solution {margin}")
                if bad_tree is not None:
                    bad = median_in_subprocess(case, bad_tree, args.runs, loaded)
                    bad_margin = case.wrong_margin(bad)
                    bad_text = french.decimal(bad, 3)
                    bad_margin_text = french.decimal(bad_margin, 1)
                    if bad_margin < WRONG_MARGIN:
                        short.append(f"{case.label} ({load}) : marge fausse {bad_margin_text}")
                print(
                    f"{case.label:{width}} {load:8} {french.decimal(good, 3):>8} {bad_text:>8} "
                    f"{french.decimal(case.bound, 2):>6} {french.decimal(good_margin, 1):>10} "
                    f"{bad_margin_text:>12}",
                    flush=True,
                )
    print(f"Durée totale : {french.decimal(time.monotonic() - started, 0)} s")
    print(
        f"Marges sous {french.number(SOLUTION_MARGIN)} (solution) "
        f"ou {french.number(WRONG_MARGIN)} (fausse) : "
        + ("aucune" if not short else "\n  " + "\n  ".join(short))
    )


if __name__ == "__main__":
    main()

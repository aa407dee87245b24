"""Observe a student's CPU offload: loop lag, worker processes, overlap, results.

One observation calls the student's `calculer_tous(travail, valeurs)` once,
under a given multiprocessing start method, with the harness's own CPU job
(`tests.support.cpu_job`). Several tests then judge the same observation, each
on one property, so that a start method costs one call, not one per test.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import inspect
import itertools
import multiprocessing
import multiprocessing.pool
import os
import random
import shutil
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from tests.support.clock import loop_sleep, monotonic, perf_counter
from tests.support.cpu_job import (
    JobReport,
    JobSettings,
    JobSpan,
    NoCompanionError,
    burn,
    expected_result,
    mark_this_process,
    read_journal,
    run_job,
    silence_mark,
)
from tests.support.loop_lag import LOOP_LANE, LagMonitor, blocked_bars
from tests.support.measures import record
from tests.support.student import Outcome, Student, describe_exception
from tools.common import french
from tools.common.timeline import Bar, Comparison, compare

JOBS = 4
# Each job burns about this much CPU time (calibrated once per session)...
# 0,2 s until 2026-12-07: every call of calculer_tous costs about 1,5 ×
# the long job, and ex07 makes six (3,4 s for its solution, 1,8 s now); what
# the tests judge (where jobs ran, their overlap, the loop's beats, the order
# of results) does not depend on how long a job computes.
JOB_SECONDS = 0.1
# ... but the first value's, LONG_FACTOR times as long: it ends after at least
# one other job on any pool of 2 workers or more (0,15 s later on 2 cores), so
# results taken in the order jobs end are never in the order of the values.
LONG_FACTOR = 2.5
# Worst loop stall allowed, as a share of the call's duration. Medians
# measured here (idle and both cores busy): 0.99 when the work runs in the
# loop; offloaded 0.01 (fork), 0.05 (spawn), 0.02 (forkserver). 0.4 stays 2.5x
# below the first and 7x above the worst of the others.
MAX_LAG_RATIO = 0.4
# How long a job waits, its work done, for the test's loop to beat twice since
# it started (tests/support/cpu_job.py). A loop left free beats every
# BEAT_INTERVAL; the worst stall of the reference answer's loop measured here
# is 0,42 s, at the very start of a call (starting spawn workers on a loaded
# machine), and jobs wait this on top of their own 0,1 s of work at least.
# A loop seen stuck waiting for a job ends this wait at once (WaitWatch).
LOOP_PATIENCE = 1.0
BEAT_INTERVAL = 0.005
# How long a job in a worker waits for a second job to start before giving up,
# not counting the time a job sent waits for a worker still busy or starting
# (tests/support/cpu_job.py): what varies most with the machine's load. On
# 2026-12-05 the self-check under CI load saw a right answer's second spawn
# worker start its job 1.5 s after the first (Python 3.12), which failed a
# patience of 1.5 s that counted it. Not counting it, the reference answer's
# jobs wait 0 s (median of 7 calls per start method, 2 busy cores, 3.12); the
# worst seen under stress is in docs/mesures/stress (0,21 s in the last
# records of 2026-12-07, 0,11 s with jobs of 0,1 s at a load of 9). It is what
# a student whose jobs run one after the other waits before being told so: 1 s
# until 2026-12-07, which put their first verdict past 1,5 s (issue 18).
PATIENCE = 0.6
# Two jobs whose ends (in their workers' clocks) are closer than this may see
# their results reach the test in either order: they count as ending together.
END_TIE = 0.05
# The longest a job waits while a job sent waits for a worker busy or starting.
BOOT_PATIENCE = 10.0


@functools.cache
def iterations_for(seconds: float) -> int:
    """Iterations of `burn` that take `seconds` here (best of 3 short runs)."""
    sample = 100_000
    best = float("inf")
    for _ in range(3):
        start = perf_counter()
        burn(sample)
        best = min(best, perf_counter() - start)
    return max(100_000, int(sample * seconds / best))


def default_pool_size() -> int:
    """The processes of a ProcessPoolExecutor() here: one per core."""
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    return min(cores, 61) if os.name == "nt" else cores


def companions_needed() -> int:
    """Jobs that must run side by side: 2, unless the machine has one core."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


# The waits that hold the calling thread until a job has ended, each with what
# leaves it unbounded: no timeout, or shutdown(wait=True).
_NO_TIMEOUT = {
    concurrent.futures.Future.result.__code__,
    concurrent.futures.wait.__code__,
    concurrent.futures.as_completed.__code__,
    multiprocessing.pool.ApplyResult.get.__code__,
}
_SHUTDOWN = {
    concurrent.futures.ProcessPoolExecutor.shutdown.__code__,
    concurrent.futures.ThreadPoolExecutor.shutdown.__code__,
}
# How long the loop's thread must stay in one of them before the jobs are told
# (WaitWatch). A wait for a job still running lasts until its end, 0,1 s of
# work at least; a wait for a job already over returns at once.
WAIT_HOLD = 0.1


# The iterator Executor.map returns waits for each result in Future.result():
# named after the call the student wrote, pool.map().
_MAP_ITERATOR = ("result_iterator", concurrent.futures._base.__file__)
MAP_WAIT = "pool.map()"


def blocking_wait(frame: FrameType | None) -> str:
    """The unbounded wait for a job that `frame`'s stack is in, named as the
    student wrote it ("" if none)."""
    while frame is not None:
        code = frame.f_code
        if (code in _NO_TIMEOUT and frame.f_locals.get("timeout") is None) or (
            code in _SHUTDOWN and frame.f_locals.get("wait")
        ):
            owner = frame.f_locals.get("self")
            prefix = "" if owner is None else f"{type(owner).__name__}."
            caller = frame.f_back
            while caller is not None:
                if (caller.f_code.co_name, caller.f_code.co_filename) == _MAP_ITERATOR:
                    return MAP_WAIT
                caller = caller.f_back
            return f"{prefix}{code.co_name}()"
        frame = frame.f_back
    return ""


class WaitWatch:
    """While the block runs, watch the loop's thread (this one) from another
    thread: when it has sat WAIT_HOLD seconds in an unbounded wait for a job
    (future.result(), leaving the pool's `with` block...), the loop cannot
    beat before that job ends, and the job, its work done, waits for the loop
    to beat: each would wait for the other until the job's patience
    (cpu_job.py) ends, and the verdict would be the same. The watch leaves the
    jobs' mark at once, and notes the wait in `seen`.

    Written here because no library watches what a thread is waiting in;
    sys._current_frames() is CPython's own view of every thread's stack."""

    def __init__(self, beats: str) -> None:
        self.beats = beats
        self.seen = ""
        self._thread = threading.get_ident()
        self._stop = threading.Event()
        self._watcher = threading.Thread(
            target=self._watch, name="surveillance-attente", daemon=True
        )

    def _watch(self) -> None:
        since: float | None = None
        while not self._stop.wait(BEAT_INTERVAL):
            wait = blocking_wait(sys._current_frames().get(self._thread))
            if not wait:
                since = None
            elif since is None:
                since = perf_counter()
            elif perf_counter() - since >= WAIT_HOLD:
                with open(silence_mark(self.beats), "a", encoding="utf-8"):
                    pass
                self.seen = wait
                return

    def __enter__(self) -> WaitWatch:
        self._watcher.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._watcher.join()


class LoopBeat:
    """While the block runs, the loop grows the file `path` by one byte every
    BEAT_INTERVAL: jobs, in any process, read its size to see the loop turn."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            while True:
                os.write(fd, b".")
                await loop_sleep(BEAT_INTERVAL)
        finally:
            os.close(fd)

    async def __aenter__(self) -> LoopBeat:
        self._task = asyncio.create_task(self._beat())
        await loop_sleep(0)  # the file exists before the student's code runs
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


@contextmanager
def start_method(method: str | None) -> Iterator[None]:
    """Force the default multiprocessing start method for the block."""
    if method is None:
        yield
        return
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    try:
        yield
    finally:
        multiprocessing.set_start_method(previous, force=True)


@dataclass(frozen=True)
class Observation:
    method: str
    values: list[int]
    outcome: Outcome
    duration: float
    worst_lag: float
    parent_pid: int
    loop_thread: int = 0
    # Jobs that started in a worker process (each one leaves a file at the
    # rendezvous), known even when the student's code returned no report.
    worker_jobs: int = 0
    # Every job started, as its journal stood when the call returned
    # (cpu_job.py), and the call's start on the jobs' clock (time.monotonic).
    spans: tuple[JobSpan, ...] = ()
    origin: float = 0.0
    # The unbounded wait for a job the loop's thread was seen stuck in
    # (WaitWatch), as the student wrote it: "" if none.
    stuck_in: str = ""

    @property
    def call(self) -> str:
        return f"calculer_tous(travail, {self.values}) avec le démarrage « {self.method} »"

    @property
    def lag_ratio(self) -> float:
        return self.worst_lag / self.duration if self.duration > 0 else 1.0

    def reports(self) -> list[JobReport]:
        value = self.outcome.value
        if isinstance(value, list | tuple) and all(isinstance(r, JobReport) for r in value):
            return list(value)
        return []

    def forked_from_test(self) -> list[JobReport]:
        """Reports of jobs run by a worker forked from the test's process
        during the call (cpu_job.py, `fork_mark`)."""
        return [r for r in self.reports() if r.forked_from_test]

    def in_loop_thread(self) -> list[JobReport]:
        """Reports of jobs run by the event loop's own thread."""
        return [
            r for r in self.reports() if r.pid == self.parent_pid and r.thread == self.loop_thread
        ]

    def timeline(self) -> Comparison:
        """The jobs as they ran, one row per worker process (or thread of the
        test's process: the loop's own on the row "boucle", with the loop
        blocked during the jobs that waited in vain for it to beat), above
        the statement's shape: the jobs shared by a default pool's processes,
        each one taking the next job as soon as it is free."""
        lanes: dict[tuple[int, int], str] = {(self.parent_pid, self.loop_thread): LOOP_LANE}
        workers = threads = 0

        def lane(span: JobSpan) -> str:
            nonlocal workers, threads
            key = (span.pid, span.thread if span.pid == self.parent_pid else 0)
            if key not in lanes:
                if span.pid != self.parent_pid:
                    workers += 1
                    lanes[key] = f"processus {workers}"
                else:
                    threads += 1
                    lanes[key] = f"thread {threads}"
            return lanes[key]

        origin = self.origin
        jobs = [
            Bar(f"travail({s.value})", s.start - origin,
                None if s.end is None else s.end - origin, lane(s))
            for s in self.spans
        ]  # fmt: skip
        silent = [
            (s.start, s.end)
            for s, job in zip(self.spans, jobs, strict=True)
            if s.end is not None and s.loop_answered is False and job.lane != LOOP_LANE
        ]
        blocked = blocked_bars(silent, origin)
        what = "un calcul" + (", ou la boucle bloquée" if blocked else "")
        # The loop's row first when it starts with the jobs: with more rows
        # than the terminal shows, it is the one to keep.
        return compare(what, [*blocked, *jobs], expected_jobs(self.values))

    def peak_overlap(self) -> int:
        """Most jobs running at the same instant, from their own time stamps."""
        events = sorted(
            [(r.start, 1) for r in self.reports()] + [(r.end, -1) for r in self.reports()]
        )
        running = peak = 0
        for _, step in events:
            running += step
            peak = max(peak, running)
        return peak


async def observe(
    student: Student, method: str | None, values: list[int] | None = None
) -> Observation:
    """One call of calculer_tous(travail, values) under the start method
    `method` (None: this system's default); `values`: JOBS random ones."""
    calculer_tous: Callable[..., Any] = student.function("calculer_tous")
    if values is None:
        values = random_values(random.Random())
    rendezvous = tempfile.mkdtemp(prefix="rendezvous-")
    beats = tempfile.mkdtemp(prefix="battements-")
    journal = tempfile.mkdtemp(prefix="chronologie-")
    submissions = tempfile.mkdtemp(prefix="envois-")
    settings = JobSettings(
        iterations=iterations_for(JOB_SECONDS),
        parent_pid=os.getpid(),
        rendezvous=rendezvous,
        companions=min(companions_needed(), max(len(values), 1)),
        patience=PATIENCE,
        long_value=values[0] if len(values) > 1 else None,
        long_factor=LONG_FACTOR,
        beats=os.path.join(beats, "boucle"),
        loop_patience=LOOP_PATIENCE,
        # Distinct values: an answer computing a value given twice only once
        # still meets its companions, and is told about its results (E1).
        long_companions=len(set(values)) if companions_needed() >= 2 else 1,
        loop_thread=threading.get_ident(),
        journal=journal,
        submissions=submissions,
        boot_patience=BOOT_PATIENCE,
        # Drawn for this call: a worker forked from this process copies it
        # (cpu_job.mark_this_process), a spawn or forkserver worker does not.
        fork_mark=uuid.uuid4().hex,
    )
    travail = functools.partial(run_job, settings=settings)
    name = method or multiprocessing.get_start_method()
    call = f"calculer_tous(travail, {values})"
    try:
        with start_method(method):
            async with LagMonitor() as lag, LoopBeat(settings.beats):
                # The duration the lag is compared with leaves out, like the
                # lag, the time the loop's thread waited for a free CPU: on a
                # busy machine, CPU work in the loop is then still nearly the
                # whole call, as on an idle one.
                clock = lag.clock
                start, queued = perf_counter(), clock.now()
                mark_this_process(settings.fork_mark)
                with WaitWatch(settings.beats) as watch:
                    outcome = await student.outcome(
                        calculer_tous(travail, list(values)), call=call, limit=30
                    )
                end = perf_counter()
                duration = end - start - clock.waited(start, end, clock.now() - queued)
                spans = read_journal(journal)
                origin = student.started + (monotonic() - perf_counter())
        worker_jobs = sum(1 for _ in os.scandir(rendezvous))
    finally:
        mark_this_process("")
        shutil.rmtree(rendezvous, ignore_errors=True)
        shutil.rmtree(beats, ignore_errors=True)
        shutil.rmtree(journal, ignore_errors=True)
        shutil.rmtree(submissions, ignore_errors=True)
    return Observation(
        name,
        values,
        outcome,
        duration,
        lag.worst,
        settings.parent_pid,
        threading.get_ident(),
        worker_jobs,
        tuple(spans),
        origin,
        watch.seen,
    )


def random_values(rng: random.Random) -> list[int]:
    """JOBS distinct values: the first, the long job's, the smallest, the
    others not in increasing order. Results are then in none of the orders a
    wrong answer can give them: neither sorted (the others are not increasing)
    nor in the order jobs end (the long job never ends first), and these two
    differ from each other (sorting puts the long job first), so the message
    names the one the answer used. Drawn freely, the two orders coincided in
    a self-check under CI load (2026-12-06: the long job ended third, a sorted
    answer was told it used the order jobs end in), and increasing values
    (one call in 24) left a sort unnoticed."""
    first, *others = sorted(rng.sample(range(10, 1000), JOBS))
    while len(others) > 1 and others == sorted(others):
        rng.shuffle(others)
    return [first, *others]


def expected_jobs(values: list[int]) -> list[Bar]:
    """The jobs of `values` in a default pool: each process takes the next
    job as soon as it is free; the first value's lasts LONG_FACTOR times as
    long as the others (as long as `observe` asks)."""
    free = [0.0] * max(1, min(len(values), default_pool_size()))
    bars = []
    for value in values:
        worker = free.index(min(free))
        seconds = JOB_SECONDS * (LONG_FACTOR if len(values) > 1 and value == values[0] else 1)
        bars.append(Bar(f"travail({value})", free[worker], free[worker] + seconds,
                        f"processus {worker + 1}"))  # fmt: skip
        free[worker] += seconds
    return bars


def expected_results(values: list[int]) -> list[int]:
    return [expected_result(v) for v in values]


def no_companion(error: BaseException | None) -> NoCompanionError | None:
    """The NoCompanionError a call raised, itself or alone in an exception
    group (a TaskGroup wraps what its tasks raise), or None."""
    if isinstance(error, NoCompanionError):
        return error
    if isinstance(error, BaseExceptionGroup):
        rest = error.split(NoCompanionError)[1]
        if rest is None:
            leaves = [e for e in _leaves(error) if isinstance(e, NoCompanionError)]
            return leaves[0] if leaves else None
    return None


def _leaves(group: BaseExceptionGroup[BaseException]) -> Iterator[BaseException]:
    for error in group.exceptions:
        if isinstance(error, BaseExceptionGroup):
            yield from _leaves(error)
        else:
            yield error


def fail_on_error(student: Student, seen: Observation, *, allow_no_companion: bool) -> None:
    error = seen.outcome.error
    if error is None or (allow_no_companion and no_companion(error) is not None):
        return
    if (alone := no_companion(error)) is not None:
        # Raised by the test's own job, not by the student's code: said as
        # what it observed, without an exception's name.
        student.fail(
            "Les calculs n'ont pas tourné en même temps.",
            call=seen.call,
            observed=str(alone),
            expected="tous les calculs lancés ensemble, un processus du pool prenant le "
            "suivant dès qu'il est libre",
            advice="lance tous les calculs avant d'en attendre un seul, ni un par un ni par "
            "paquets, sans verrou ni sémaphore qui les fasse passer à tour de rôle : un seul "
            "asyncio.gather sur tous les run_in_executor",
            requirement="E3",
        )
    text = describe_exception(error, student.tree)
    advice = None
    requirement = "E4"  # an error: calculer_tous does not work with this start method
    if "pickle" in text.lower() or "local object" in text or "<lambda>" in text:
        advice = (
            "ce qu'on envoie à un processus doit se « pickler » : passe `travail` "
            "lui-même à run_in_executor, pas une lambda ni une fonction locale"
        )
    elif seen.method != "fork":
        advice = (
            f"avec « {seen.method} », chaque processus du pool réimporte ton module au lieu "
            "de copier le programme : ce que calculer_tous a rangé dans une variable globale "
            "n'y est pas. Passe au pool tout ce dont le calcul a besoin, en arguments : "
            "run_in_executor(pool, travail, valeur)"
        )
    student.fail(
        "L'appel a levé une exception.",
        call=seen.call,
        observed=text,
        expected="la liste des résultats, sans exception",
        advice=advice,
        requirement=requirement,
    )


def returned_reports(student: Student, seen: Observation) -> list[JobReport]:
    """The jobs' reports the student's function returned, or a failure saying
    what it returned instead."""
    fail_on_error(student, seen, allow_no_companion=False)
    value = seen.outcome.value
    if reports := seen.reports():
        return reports
    if not seen.values and isinstance(value, list | tuple) and not value:
        return []  # no value, no result
    items = list(value) if isinstance(value, list | tuple) else []
    pending = (asyncio.Future, concurrent.futures.Future)
    if items and all(isinstance(i, pending) or inspect.isawaitable(i) for i in items):
        student.fail(
            "La fonction renvoie des calculs en cours au lieu de leurs résultats.",
            call=seen.call,
            observed=f"une liste de {type(items[0]).__name__}",
            expected="la liste des résultats de travail(valeur)",
            advice="attends-les : return await asyncio.gather(*calculs)",
        )
    student.fail(
        "La fonction ne renvoie pas les résultats de travail(valeur).",
        call=seen.call,
        observed=repr(value)[:300],
        expected="la liste des résultats de travail(valeur), dans l'ordre des valeurs",
    )


def check_loop_responsive(student: Student, seen: Observation) -> None:
    """The loop beat while every job ran (cpu_job.py). Without the jobs'
    reports (a call that raised NoCompanionError, or returned something else),
    the loop's worst stall over the call's duration decides instead."""
    fail_on_error(student, seen, allow_no_companion=True)
    reports = seen.reports()
    if not reports:
        # Recorded only here, where it decides: with the jobs' reports, the
        # loop's beats do, and the ratio would read as a near miss.
        record("07 retard de boucle / durée", seen.lag_ratio, MAX_LAG_RATIO, "upper")
    silent = [r for r in reports if not r.loop_answered]
    stalled = f"pire blocage mesuré : {french.decimal(seen.worst_lag, 2)} s sur les " \
        f"{french.decimal(seen.duration, 2)} s de l'appel"  # fmt: skip
    in_loop = seen.in_loop_thread()
    if reports:
        if not silent:
            return
        if len(in_loop) == len(silent):
            why = "elle les exécutait elle-même"
        elif seen.stuck_in:
            why = f"elle attendait leur fin dans {seen.stuck_in}"
        else:
            why = f"attendu jusqu'à {french.decimal(LOOP_PATIENCE, 1)} s après la fin du calcul"
        observed = (
            f"pendant {len(silent)} calcul(s) sur {len(reports)}, la boucle n'a pas tourné une "
            f"seule fois ({why}) ; {stalled}"
        )
    elif seen.lag_ratio > MAX_LAG_RATIO:
        observed = stalled
    else:
        return
    advice = (
        "un calcul Python pur lancé dans une coroutine bloque la boucle : "
        "confie-le à un ProcessPoolExecutor avec loop.run_in_executor"
    )
    if in_loop:
        observed += (
            f"\n             {len(in_loop)} calcul(s) sur {len(seen.values)} exécuté(s) "
            "directement dans le thread de la boucle"
        )
    elif seen.worker_jobs or reports:
        observed += (
            "\n             les calculs ont pourtant tourné ailleurs que dans la boucle : "
            "c'est une attente bloquante qui l'a figée"
        )
        if seen.stuck_in and not reports:
            observed += f" (la boucle attendait dans {seen.stuck_in})"
        advice = (
            "attends les calculs avec await (asyncio.gather), à l'intérieur du bloc "
            "with ProcessPoolExecutor() : sortir du bloc attend la fin des calculs sans "
            "rendre la main à la boucle, tout comme future.result()"
        )
        if seen.stuck_in == MAP_WAIT:
            advice = (
                "parcourir les résultats de pool.map attend chacun sans rendre la main à la "
                "boucle (un await asyncio.sleep(0) entre deux n'y change rien) : envoie chaque "
                "calcul avec loop.run_in_executor(pool, travail, valeur) et attends-les tous "
                "avec await asyncio.gather"
            )
    student.fail(
        "La boucle d'événements a été bloquée pendant les calculs.",
        call=seen.call,
        observed=observed,
        expected="une boucle qui continue à tourner pendant chaque calcul"
        if reports
        else f"une boucle qui répond (blocage au plus {french.percent(MAX_LAG_RATIO)} de l'appel)",
        advice=advice,
    )


def in_end_order(reports: list[JobReport]) -> bool:
    """Whether `reports` come in the order their jobs ended. Two jobs that
    end within END_TIE of each other count as ending together: their results
    may reach the test's process in either order (4 workers or more start
    the 3 short jobs together)."""
    return all(a.end <= b.end + END_TIE for a, b in itertools.pairwise(reports))


def check_results(student: Student, seen: Observation) -> None:
    """The results of travail(valeur), in the order of the values; when they are
    all there but in another order, say whether it is the order jobs ended in."""
    reports = returned_reports(student, seen)
    expected = expected_results(seen.values)
    got = [r.result for r in reports]
    if got == expected:
        return
    observed = f"{len(got)} résultat(s) : " + ", ".join(map(str, got))[:300]
    advice = "asyncio.gather renvoie les résultats dans l'ordre de ses arguments"
    problem = "Les résultats renvoyés ne sont pas ceux de travail(valeur), dans l'ordre."
    distinct = list(dict.fromkeys(seen.values))
    if len(distinct) < len(seen.values) and sorted(got) == sorted(expected_results(distinct)):
        problem = "Une valeur donnée deux fois n'a son résultat qu'une fois."
        advice = (
            "renvoie un résultat par valeur reçue, pas par valeur distincte : une valeur donnée "
            "deux fois a son résultat aux deux positions (calcule-la pour chacune, ou recopie "
            "son résultat)"
        )
    if sorted(got) == sorted(expected):
        problem = "Les résultats sont tous là, mais pas dans l'ordre des valeurs."
        if got == sorted(got):
            problem = (
                "Les résultats sont tous là, mais pas dans l'ordre des valeurs : ils sont "
                "rangés du plus petit au plus grand."
            )
            advice = (
                "ne trie pas les résultats : chacun doit rester à la position de sa valeur, "
                "ce que fait asyncio.gather, qui renvoie les résultats dans l'ordre de ses "
                "arguments"
            )
        elif in_end_order(reports):
            problem = "Les résultats sont rangés dans l'ordre où les calculs se sont terminés."
            observed += " (le calcul de la première valeur, le plus long, a fini après d'autres)"
            advice = (
                "asyncio.as_completed ou asyncio.wait donnent les calculs dans l'ordre où ils "
                "finissent : range chaque résultat à la position de sa valeur, ou utilise "
                "asyncio.gather, qui renvoie les résultats dans l'ordre de ses arguments"
            )
    student.fail(
        problem,
        call=seen.call,
        observed=observed,
        expected=f"{len(expected)} résultat(s) : " + ", ".join(map(str, expected)),
        advice=advice,
    )

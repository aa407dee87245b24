"""Observe a student's CPU offload: loop lag, worker processes, overlap, results.

One observation calls the student's `calculer_tous(travail, valeurs)` once,
under a given multiprocessing start method, with the harness's own CPU job
(`tests.harness.cpu_job`). Several tests then judge the same observation, each
on one property, so that a start method costs one call, not one per test.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import multiprocessing
import os
import random
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tests.harness import french
from tests.harness.clock import perf_counter
from tests.harness.cpu_job import (
    JobReport,
    JobSettings,
    NoCompanionError,
    burn,
    expected_result,
    run_job,
)
from tests.harness.loop_lag import LagMonitor, RunQueueClock
from tests.harness.measures import record
from tests.harness.student import Outcome, Student, describe_exception

JOBS = 4
# Each job burns about this much CPU time (calibrated once per session).
JOB_SECONDS = 0.2
# Worst loop stall allowed, as a share of the call's duration. Medians
# measured here (idle and both cores busy): 0.99 when the work runs in the
# loop; offloaded 0.01 (fork), 0.05 (spawn), 0.02 (forkserver). 0.4 stays 2.5x
# below the first and 7x above the worst of the others.
MAX_LAG_RATIO = 0.4
# How long a job in a worker waits for a second job to start before giving up.
# A correct answer starts its second job within 10 ms here (median, 2 busy
# cores, every start method): 1.5 s is 150x that, and is what a student whose
# jobs run one after the other waits before being told so.
PATIENCE = 1.5


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


def companions_needed() -> int:
    """Jobs that must run side by side: 2, unless the machine has one core."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


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

    def in_loop_thread(self) -> list[JobReport]:
        """Reports of jobs run by the event loop's own thread."""
        return [
            r for r in self.reports() if r.pid == self.parent_pid and r.thread == self.loop_thread
        ]

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


async def observe(student: Student, method: str | None) -> Observation:
    calculer_tous: Callable[..., Any] = student.function("calculer_tous")
    values = random.Random().sample(range(10, 1000), JOBS)
    rendezvous = tempfile.mkdtemp(prefix="rendezvous-")
    settings = JobSettings(
        iterations=iterations_for(JOB_SECONDS),
        parent_pid=os.getpid(),
        rendezvous=rendezvous,
        companions=companions_needed(),
        patience=PATIENCE,
    )
    travail = functools.partial(run_job, settings=settings)
    name = method or multiprocessing.get_start_method()
    call = f"calculer_tous(travail, {values})"
    try:
        with start_method(method):
            async with LagMonitor() as lag:
                # The duration the lag is compared with leaves out, like the
                # lag, the time the loop's thread waited for a free CPU: on a
                # busy machine, CPU work in the loop is then still nearly the
                # whole call, as on an idle one.
                queue = RunQueueClock()
                start, queued = perf_counter(), queue.now()
                outcome = await student.outcome(
                    calculer_tous(travail, list(values)), call=call, limit=30
                )
                duration = perf_counter() - start - (queue.now() - queued)
                queue.close()
        worker_jobs = sum(1 for _ in os.scandir(rendezvous))
    finally:
        shutil.rmtree(rendezvous, ignore_errors=True)
    return Observation(
        name,
        values,
        outcome,
        duration,
        lag.worst,
        settings.parent_pid,
        threading.get_ident(),
        worker_jobs,
    )


def expected_results(values: list[int]) -> list[int]:
    return [expected_result(v) for v in values]


def fail_on_error(student: Student, seen: Observation, *, allow_no_companion: bool) -> None:
    error = seen.outcome.error
    if error is None or (allow_no_companion and isinstance(error, NoCompanionError)):
        return
    text = describe_exception(error, student.tree)
    advice = None
    if "pickle" in text.lower() or "local object" in text or "<lambda>" in text:
        advice = (
            "ce qu'on envoie à un processus doit se « pickler » : passe `travail` "
            "lui-même à run_in_executor, pas une lambda ni une fonction locale"
        )
    elif isinstance(error, NoCompanionError):
        advice = "lance tous les calculs avant d'en attendre un seul (asyncio.gather)"
    student.fail(
        "L'appel a levé une exception.",
        call=seen.call,
        observed=text,
        expected="la liste des résultats, sans exception",
        advice=advice,
    )


def returned_reports(student: Student, seen: Observation) -> list[JobReport]:
    """The jobs' reports the student's function returned, or a failure saying
    what it returned instead."""
    fail_on_error(student, seen, allow_no_companion=False)
    value = seen.outcome.value
    if reports := seen.reports():
        return reports
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
    fail_on_error(student, seen, allow_no_companion=True)
    record("07 retard de boucle / durée", seen.lag_ratio, MAX_LAG_RATIO, "upper")
    if seen.lag_ratio > MAX_LAG_RATIO:
        observed = (
            f"la boucle n'a pas pu répondre pendant {french.decimal(seen.worst_lag, 2)} s "
            f"sur les {french.decimal(seen.duration, 2)} s de l'appel"
        )
        advice = (
            "un calcul Python pur lancé dans une coroutine bloque la boucle : "
            "confie-le à un ProcessPoolExecutor avec loop.run_in_executor"
        )
        in_loop = seen.in_loop_thread()
        if in_loop:
            observed += (
                f"\n             {len(in_loop)} calcul(s) sur {len(seen.values)} exécuté(s) "
                "directement dans le thread de la boucle"
            )
        elif seen.worker_jobs:
            observed += (
                f"\n             {seen.worker_jobs} calcul(s) ont pourtant tourné dans d'autres "
                "processus : c'est une attente bloquante qui a figé la boucle"
            )
            advice = (
                "attends les calculs avec await (asyncio.gather), à l'intérieur du bloc "
                "with ProcessPoolExecutor() : sortir du bloc attend la fin des calculs sans "
                "rendre la main à la boucle, tout comme future.result()"
            )
        student.fail(
            "La boucle d'événements a été bloquée pendant les calculs.",
            call=seen.call,
            observed=observed,
            expected="une boucle qui répond "
            f"(blocage au plus {french.percent(MAX_LAG_RATIO)} de l'appel)",
            advice=advice,
        )

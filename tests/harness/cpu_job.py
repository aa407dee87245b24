"""The CPU-bound job handed to the offload exercise, run in worker processes.

It is imported by worker processes under `spawn` and `forkserver`, so it
imports nothing heavy (no pytest) and everything in it pickles.

Each job records which process and thread ran it and when, then burns a fixed number of
iterations (work is counted in iterations, never in seconds, so a slow machine
does the same work, only slower). When it runs in a worker process it also
waits, still computing, until `companions` jobs have started: a correct answer
runs jobs side by side, so the wait ends at once; jobs run one after the other
never meet and the first one fails after `patience` seconds with a clear error.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.harness import french


class NoCompanionError(RuntimeError):
    """Raised in a worker when no other job started while this one ran."""


@dataclass(frozen=True)
class JobReport:
    value: int
    result: int
    pid: int
    start: float
    end: float
    thread: int = 0  # threading.get_ident() of the thread that ran the job
    thread_name: str = ""


@dataclass(frozen=True)
class JobSettings:
    iterations: int
    parent_pid: int
    rendezvous: str
    companions: int
    patience: float


def expected_result(value: int) -> int:
    """What the job returns for `value`: cheap for the test to compute."""
    return value * value + 7


def burn(iterations: int) -> int:
    """Pure-Python arithmetic that holds the GIL the whole time."""
    acc = 0
    for i in range(iterations):
        acc = (acc * 31 + i) % 1_000_003
    return acc


def _started_jobs(rendezvous: Path) -> int:
    return sum(1 for _ in rendezvous.iterdir())


def run_job(value: int, settings: JobSettings) -> JobReport:
    # time.monotonic is system-wide on Linux, macOS and Windows, so stamps
    # taken in different processes can be compared.
    start = time.monotonic()
    pid = os.getpid()
    in_worker = pid != settings.parent_pid
    rendezvous = Path(settings.rendezvous)
    if in_worker:
        (rendezvous / f"{pid}-{value}").touch()
    burn(settings.iterations)
    if in_worker:
        deadline = time.monotonic() + settings.patience
        while _started_jobs(rendezvous) < settings.companions:
            if time.monotonic() > deadline:
                raise NoCompanionError(
                    f"le calcul de la valeur {value} a tourné seul : aucun autre calcul "
                    f"n'a démarré pendant {french.number(settings.patience)} s"
                )
            burn(20_000)
    here = threading.current_thread()
    return JobReport(
        value, expected_result(value), pid, start, time.monotonic(), here.ident or 0, here.name
    )

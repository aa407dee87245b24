"""The submission's limit on processes, shared by the exercises graded at once.

The re-grade's sandbox caps the processes of a submission (RLIMIT_NPROC,
threads included; tools/teacher/sandbox.py). A fork bomb in one exercise
fills it while the other exercises of the same submission run: they cannot
start a thread or a worker, and would lose points their own code earned.
`Watch` samples the count while the grading runs and keeps the moments it
was at the limit; the grader grades again, alone and after the others, each
exercise that failed while it overlapped one of them (`grader.grade`).

It watches only where the limit is low enough to be reached by one grading
(the sandbox's 256, not a laptop's thousands), and never as root, whom the
kernel does not limit: elsewhere sampling every process would cost CPU for
nothing. Written here because psutil counts tasks but has no notion of a
user's count against RLIMIT_NPROC.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time

import psutil

# Above this, a limit is the system's ordinary one, not a sandbox's.
WATCHED_LIMITS = 1024
# A submission this close to its limit may refuse a thread to another exercise.
HEADROOM = 32
SAMPLE_SECONDS = 0.05


def current_limit() -> int | None:
    """This process's RLIMIT_NPROC when the grading can reach it, else None."""
    if not sys.platform.startswith("linux") or os.getuid() == 0:
        return None
    import resource  # POSIX only

    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft == resource.RLIM_INFINITY or soft > WATCHED_LIMITS:
        return None
    return int(soft)


def tasks_of_this_user() -> int:
    """What the kernel counts against RLIMIT_NPROC: every thread of every
    process of this real user id that this process can see."""
    if not hasattr(os, "getuid"):  # Windows: no such limit
        return 0
    uid = os.getuid()
    count = 0
    for process in psutil.process_iter(["uids", "num_threads"]):
        with contextlib.suppress(psutil.Error, TypeError, AttributeError):
            if process.info["uids"].real == uid:
                count += int(process.info["num_threads"] or 1)
    return count


class Watch:
    """A thread that records when the count was within HEADROOM of the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.peak = 0
        self._full: list[tuple[float, float]] = []  # perf_counter intervals
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="limite-processus", daemon=True)

    @classmethod
    def start_if_limited(cls) -> Watch | None:
        limit = current_limit()
        if limit is None:
            return None
        watch = cls(limit)
        watch._thread.start()
        return watch

    def _sample(self) -> None:
        since: float | None = None
        while not self._stop.is_set():
            now = time.perf_counter()
            count = tasks_of_this_user()
            self.peak = max(self.peak, count)
            if count >= self.limit - HEADROOM:
                since = now if since is None else since
            elif since is not None:
                self._full.append((since, now))
                since = None
            self._stop.wait(SAMPLE_SECONDS)
        if since is not None:
            self._full.append((since, time.perf_counter()))

    def stop(self) -> list[tuple[float, float]]:
        """Stop sampling; the intervals (perf_counter) spent at the limit."""
        self._stop.set()
        self._thread.join()
        return list(self._full)


def overlaps(span: tuple[float, float], intervals: list[tuple[float, float]]) -> bool:
    start, end = span
    return any(full_start <= end and start <= full_end for full_start, full_end in intervals)

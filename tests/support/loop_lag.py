"""How long the event loop was blocked while some code ran.

A heartbeat task asks to wake up every `interval` seconds and records how
late it woke up. CPU work done inside the loop delays it by the whole work;
work sent to another process or thread barely does.

A late wake-up is also what a busy machine does to a correct answer: the
loop's thread is ready to run, but every core is taken. On Linux the kernel
counts that time for each thread (run_delay, in /proc/thread-self/schedstat:
time spent runnable, waiting for a CPU), and the heartbeat takes it out of
the lateness: what is left is the time the thread was running something else
than the loop (CPU work in a coroutine) or asleep in a blocking call
(time.sleep, a blocking read) — the blockings the exercises are about.
Elsewhere the lateness is counted whole, which only errs on the strict side.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Iterable
from types import TracebackType

from tests.support.clock import loop_sleep, perf_counter
from tests.support.orphans import HARNESS_TASK
from tools.common.timeline import Bar

# Captured before any student module is imported, like the clocks.
_open, _pread, _close = os.open, getattr(os, "pread", None), os.close


class RunQueueClock:
    """Seconds the calling thread has spent waiting for a CPU (0 where the
    system does not say). Opened in the thread it measures."""

    def __init__(self) -> None:
        self._fd: int | None = None
        if sys.platform.startswith("linux") and _pread is not None:
            with contextlib.suppress(OSError):
                self._fd = _open("/proc/thread-self/schedstat", os.O_RDONLY)
        if self._fd is not None and self.read() is None:
            self.close()

    def read(self) -> float | None:
        if self._fd is None or _pread is None:
            return None
        try:
            # "<ns on the CPU> <ns waiting in the run queue> <timeslices>"
            return int(_pread(self._fd, 128, 0).split()[1]) / 1e9
        except (OSError, ValueError, IndexError):
            return None

    def now(self) -> float:
        return self.read() or 0.0

    @property
    def available(self) -> bool:
        """The system tells this thread's waiting time (Linux)."""
        return self._fd is not None

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                _close(self._fd)
            self._fd = None


class LagMonitor:
    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.worst = 0.0  # seconds, waiting for a CPU taken out
        self.worst_raw = 0.0  # seconds, as the wall clock saw it
        # Each stall longer than a beat, waiting for a CPU taken out: (from,
        # to) in perf_counter, for a timeline (tools/common/timeline.py).
        self.stalls: list[tuple[float, float]] = []
        self.beats = 0
        self.corrected = False  # waiting for a CPU was taken out (Linux)
        self._task: asyncio.Task[None] | None = None
        self._queue: RunQueueClock | None = None

    async def _beat(self) -> None:
        assert self._queue is not None
        while True:
            start, queued = perf_counter(), self._queue.now()
            await loop_sleep(self.interval)
            late = perf_counter() - start - self.interval
            self.beats += 1
            self.worst_raw = max(self.worst_raw, late)
            stalled = late - (self._queue.now() - queued)
            self.worst = max(self.worst, stalled)
            if stalled > self.interval:
                woke = perf_counter()
                self.stalls.append((woke - stalled, woke))

    async def __aenter__(self) -> LagMonitor:
        self._queue = RunQueueClock()  # here: in the loop's thread
        self.corrected = self._queue.available
        self._task = asyncio.create_task(self._beat(), name=f"{HARNESS_TASK}pouls")
        await loop_sleep(0)  # let the first beat start before the measured code
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Let the heartbeat wake up at least once more: a stall that ends
        # right before the exit is only seen by the next beat.
        await loop_sleep(2 * self.interval)
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        if self._queue is not None:
            self._queue.close()


# The row of a timeline (tools/common/timeline.py) where the loop's own thread
# is drawn: what it ran itself, and when it was blocked waiting for others.
LOOP_LANE = "boucle"


def blocked_bars(intervals: Iterable[tuple[float, float]], origin: float) -> list[Bar]:
    """The loop blocked during `intervals` ((start, end) on one clock, `origin`
    its zero), merged where they overlap, as bars on the loop's row."""
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Bar("bloquée", start - origin, end - origin, LOOP_LANE) for start, end in merged]

"""How long the event loop was blocked while some code ran.

A heartbeat task asks to wake up every `interval` seconds and records how
late it woke up. CPU work done inside the loop delays it by the whole work;
work sent to another process or thread barely does.

A late wake-up is also what a busy machine does to a correct answer: the
loop's thread is ready to run, but every core is taken. On Linux the
heartbeat takes out of each lateness the time the kernel says the loop's
thread waited for a CPU, never counting a time it provably slept
(tools/common/thread_clock.py): what is left is the time the thread was
running something else than the loop (CPU work in a coroutine) or asleep in
a blocking call (time.sleep, a blocking read), the blockings the exercises
are about. Elsewhere the lateness is counted whole, which only errs on the
strict side.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType

from tests.support.clock import loop_sleep, perf_counter
from tests.support.orphans import HARNESS_TASK
from tools.common.thread_clock import ThreadClock
from tools.common.timeline import Bar


@dataclass(frozen=True)
class _Beat:
    start: float  # perf_counter
    end: float
    late: float  # seconds after it was due
    queued: float  # seconds the kernel counted as waiting for a CPU


class LagMonitor:
    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.corrected = False  # waiting for a CPU was taken out (Linux)
        self._beats: list[_Beat] = []
        self._task: asyncio.Task[None] | None = None
        self._clock: ThreadClock | None = None

    @property
    def clock(self) -> ThreadClock:
        """The loop's thread's clock, inside the block: for other durations
        measured in that thread, corrected the same way."""
        assert self._clock is not None, "only inside `async with LagMonitor()`"
        return self._clock

    @property
    def beats(self) -> int:
        return len(self._beats)

    def _stalled(self, beat: _Beat) -> float:
        """The beat's lateness, less the time its thread waited for a CPU:
        at most what is left of the beat once its proven sleep is counted."""
        if self._clock is None:
            return beat.late - beat.queued
        return beat.late - self._clock.waited(beat.start, beat.end, beat.queued)

    @property
    def worst(self) -> float:
        """Seconds, waiting for a CPU taken out."""
        return max((self._stalled(beat) for beat in self._beats), default=0.0)

    @property
    def worst_raw(self) -> float:
        """Seconds, as the wall clock saw it."""
        return max((beat.late for beat in self._beats), default=0.0)

    @property
    def stalls(self) -> list[tuple[float, float]]:
        """Each stall longer than a beat, waiting for a CPU taken out: (from,
        to) in perf_counter, for a timeline (tools/common/timeline.py)."""
        found = ((beat.end, self._stalled(beat)) for beat in self._beats)
        return [(woke - stalled, woke) for woke, stalled in found if stalled > self.interval]

    async def _beat(self) -> None:
        clock = self._clock
        assert clock is not None
        while True:
            start, queued = perf_counter(), clock.now()
            await loop_sleep(self.interval)
            end = perf_counter()
            self._beats.append(_Beat(start, end, end - start - self.interval, clock.now() - queued))

    async def __aenter__(self) -> LagMonitor:
        self._clock = ThreadClock().start()  # here: the loop's thread
        self.corrected = self._clock.available
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
        if self._clock is not None:
            self._clock.close()  # its sleeps seen stay for worst and stalls


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

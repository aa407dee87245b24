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

The kernel's count is not always right: on Linux 6.18, now and then a thread
that slept (time.sleep) while the scheduler moved it to another core has its
whole sleep counted as waiting for a CPU (measured: 10 sleeps of 0.1 s in
8,655, each with a change of core; 4 to 7 in 1,000 under a load of 7), and a
blocking time.sleep then looked like a busy machine. So, while the heartbeat
runs, another thread (SleepWitness) looks at the loop's thread every
`WITNESS_EVERY` s and notes when it was provably asleep: asleep at two looks
in a row and never put on a CPU in between. That time cannot have been spent
waiting for a CPU, so a beat's waiting is only taken out up to what is left
of the beat once that sleep is counted. psutil and the standard library only
give these counters per process or summed; hence this module.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import NamedTuple

from tests.support.clock import loop_sleep, perf_counter
from tests.support.orphans import HARNESS_TASK
from tools.common.timeline import Bar

# Captured before any student module is imported, like the clocks.
_open, _pread, _close = os.open, getattr(os, "pread", None), os.close
_Thread, _Event, _native_id = threading.Thread, threading.Event, threading.get_native_id
# Seconds between two looks at the loop's thread. A blocking sleep of the
# exercises lasts tenths of a second: it is seen asleep over most of its
# length. Rarer looks keep the witness's own turns with the GIL few.
WITNESS_EVERY = 0.01


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


def _field(fd: int, index: int) -> str:
    assert _pread is not None
    # The fields after the command's name, which is in parentheses (stat).
    field: bytes = _pread(fd, 512, 0).rpartition(b")")[2].split()[index]
    return field.decode()


class _Look(NamedTuple):
    before: float  # perf_counter
    after: float
    asleep: bool
    runs: str  # times the thread was put on a CPU


def _slept(first: _Look, second: _Look) -> bool:
    return first.asleep and second.asleep and first.runs == second.runs


class SleepWitness:
    """The intervals (perf_counter) during which a thread was provably
    asleep, seen from a thread of its own (Linux; elsewhere, none).

    A look reads the thread's state (/proc/.../stat: S or D is asleep) between
    two readings of the number of times it was put on a CPU (schedstat's third
    field). Asleep at two looks, and that number the same over both: the
    thread slept all along, since a thread that wakes up must be put on a CPU
    before it can fall asleep again."""

    def __init__(self, native_id: int, every: float = WITNESS_EVERY) -> None:
        self.every = every
        self.asleep: list[tuple[float, float]] = []
        self._fds: tuple[int, int] | None = None
        self._stop = _Event()
        self._thread: threading.Thread | None = None
        if sys.platform.startswith("linux") and _pread is not None:
            task = f"/proc/self/task/{native_id}"
            with contextlib.suppress(OSError):
                stat = _open(f"{task}/stat", os.O_RDONLY)
                try:
                    self._fds = (stat, _open(f"{task}/schedstat", os.O_RDONLY))
                except OSError:
                    _close(stat)
        if self._fds is not None and self._look() is None:
            self.close()

    @property
    def available(self) -> bool:
        return self._fds is not None

    def _look(self) -> _Look | None:
        """None when the files cannot be read or the thread ran during the look."""
        if self._fds is None:
            return None
        stat, schedstat = self._fds
        try:
            before = perf_counter()
            runs = _field(schedstat, 2)
            state = _field(stat, 0)
            if _field(schedstat, 2) != runs:
                return None
            return _Look(before, perf_counter(), state in ("S", "D"), runs)
        except (OSError, ValueError, IndexError):
            self.close()
            return None

    def _run(self) -> None:
        last = None
        while not self._stop.wait(self.every):
            look = self._look()
            if self._fds is None:
                return
            if look is not None and last is not None and _slept(last, look):
                # Asleep from some moment of the last look (after it, at the
                # latest) to some moment of this one (before it).
                self.asleep.append((last.after, look.before))
            last = look

    def start(self) -> None:
        if self._fds is not None and self._thread is None:
            self._thread = _Thread(target=self._run, name="loop-sleep-witness", daemon=True)
            self._thread.start()

    def asleep_during(self, start: float, end: float) -> float:
        """Seconds of [start, end] the thread was seen asleep."""
        asleep = self.asleep[:]  # in order, apart from each other
        first = bisect.bisect_right(asleep, (start, start)) - 1
        total = 0.0
        for since, to in asleep[max(first, 0) :]:
            if since >= end:
                break
            total += max(0.0, min(end, to) - max(start, since))
        return total

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
            self._thread = None
        if self._fds is not None:
            for fd in self._fds:
                with contextlib.suppress(OSError):
                    _close(fd)
            self._fds = None


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
        self._queue: RunQueueClock | None = None
        self._witness: SleepWitness | None = None

    @property
    def beats(self) -> int:
        return len(self._beats)

    def _stalled(self, beat: _Beat) -> float:
        """The beat's lateness, less the time its thread waited for a CPU:
        at most what is left of the beat once its proven sleep is counted."""
        queued = beat.queued
        if self._witness is not None and queued > 0:
            asleep = self._witness.asleep_during(beat.start, beat.end)
            queued = min(queued, max(0.0, beat.end - beat.start - asleep))
        return beat.late - queued

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
        assert self._queue is not None
        while True:
            start, queued = perf_counter(), self._queue.now()
            await loop_sleep(self.interval)
            end = perf_counter()
            self._beats.append(
                _Beat(start, end, end - start - self.interval, self._queue.now() - queued)
            )

    async def __aenter__(self) -> LagMonitor:
        self._queue = RunQueueClock()  # here: in the loop's thread
        self.corrected = self._queue.available
        if self.corrected:
            self._witness = SleepWitness(_native_id())
            self._witness.start()
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
        if self._witness is not None:
            self._witness.close()  # its intervals stay for worst and stalls


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

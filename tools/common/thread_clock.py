"""How long one thread waited for a CPU, never counting a time it provably slept.

A correct answer on a busy machine is late because its thread is ready to
run while every core is taken. On Linux the kernel counts that time for each
thread (run_delay, the second field of /proc/self/task/<tid>/schedstat: time
spent runnable, waiting for a CPU), and the measures of blocking take it out
(tests/support/loop_lag.py, ex01's and ex07's durations, ex11's guard, the
loop watchdog): what is left is the time the thread ran something else than
the loop, or slept in a blocking call (time.sleep, a blocking read), the
blockings the exercises are about. Elsewhere nothing is taken out, which only
errs on the strict side.

The kernel's count is not always right: on Linux 6.18, now and then a thread
that slept (time.sleep) while the scheduler moved it to another core has its
whole sleep counted as waiting for a CPU (measured: 10 sleeps of 0.1 s in
8,655, each with a change of core; 4 to 7 in 1,000 under a load of 7), and a
blocking time.sleep then looked like a busy machine. So a clock also looks
at its thread now and then (every `WITNESS_EVERY` s from a thread of its
own, or whenever its owner calls `look`) and notes when it was provably
asleep: asleep (state S or D in /proc/.../stat) at two looks in a row, and
never put on a CPU in between (schedstat's third field unchanged), since a
thread that wakes up must run before it can fall asleep again. That time
cannot have been spent waiting for a CPU: the waiting taken out of a span is
at most what is left of it once that sleep is counted.

psutil and the standard library only give these counters per process or
summed over threads; hence this module. It reads the files with functions
captured at import, before any student module is: the tests import it first.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import sys
import threading
from time import perf_counter as _perf_counter
from typing import NamedTuple

_open, _pread, _close = os.open, getattr(os, "pread", None), os.close
_Thread, _Event, _native_id = threading.Thread, threading.Event, threading.get_native_id
# Seconds between two looks of a clock's own witness thread. A blocking sleep
# of the exercises lasts tenths of a second: it is seen asleep over most of
# its length. Rarer looks keep the witness's own turns with the GIL few.
WITNESS_EVERY = 0.01


class Look(NamedTuple):
    """One look at a thread."""

    before: float  # perf_counter
    after: float
    asleep: bool  # S or D, and not put on a CPU during the look
    runs: bytes  # times the thread was put on a CPU
    queued: float  # seconds it has waited for a CPU so far


def _fields(fd: int) -> list[bytes]:
    assert _pread is not None
    # Past the command's name, in parentheses in stat; all of schedstat.
    fields: list[bytes] = _pread(fd, 512, 0).rpartition(b")")[2].split()
    return fields


class ThreadClock:
    """The waiting for a CPU of one thread (by default the calling one) and
    its proven sleeps. On other systems than Linux, or when the files cannot
    be read, `available` is False and no time is taken out."""

    def __init__(self, native_id: int | None = None, *, every: float = WITNESS_EVERY) -> None:
        self.every = every
        self.asleep: list[tuple[float, float]] = []  # perf_counter spans, in order
        self._fds: tuple[int, int] | None = None  # stat, schedstat
        self._last: Look | None = None
        self._stop = _Event()
        self._thread: threading.Thread | None = None
        if sys.platform.startswith("linux") and _pread is not None:
            task = f"/proc/self/task/{_native_id() if native_id is None else native_id}"
            with contextlib.suppress(OSError):
                stat = _open(f"{task}/stat", os.O_RDONLY)
                try:
                    self._fds = (stat, _open(f"{task}/schedstat", os.O_RDONLY))
                except OSError:
                    _close(stat)
        if self._fds is not None and self.look() is None:
            self.close()

    @property
    def available(self) -> bool:
        """The system tells this thread's waiting (Linux)."""
        return self._fds is not None

    def now(self) -> float:
        """Seconds the thread has waited for a CPU so far (0 if not available)."""
        if self._fds is None:
            return 0.0
        try:
            return int(_fields(self._fds[1])[1]) / 1e9
        except (OSError, ValueError, IndexError):
            return 0.0

    def look(self) -> Look | None:
        """Look at the thread now, noting a proven sleep since the last look;
        None when the files cannot be read (the clock is then closed)."""
        if self._fds is None:
            return None
        stat, schedstat = self._fds
        try:
            before = _perf_counter()
            first = _fields(schedstat)
            state = _fields(stat)[0]
            runs = _fields(schedstat)[2]
            look = Look(
                before,
                _perf_counter(),
                state in (b"S", b"D") and runs == first[2],
                runs,
                int(first[1]) / 1e9,
            )
        except (OSError, ValueError, IndexError):
            self.close()
            return None
        last, self._last = self._last, look
        if last is not None and last.asleep and look.asleep and last.runs == look.runs:
            # Asleep from some moment of the last look (after it, at the
            # latest) to some moment of this one (before it).
            self.asleep.append((last.after, look.before))
        return look

    def start(self) -> ThreadClock:
        """Look at the thread every `every` s from a thread of its own, until
        close(). Without it, the owner's own calls of look() are the looks."""
        if self._fds is not None and self._thread is None:
            self._thread = _Thread(target=self._witness, name="loop-sleep-witness", daemon=True)
            self._thread.start()
        return self

    def _witness(self) -> None:
        while not self._stop.wait(self.every) and self.look() is not None:
            pass

    def asleep_during(self, start: float, end: float) -> float:
        """Seconds of [start, end] (perf_counter) the thread was seen asleep."""
        asleep = self.asleep[:]  # in order, apart from each other
        first = bisect.bisect_right(asleep, (start, start)) - 1
        total = 0.0
        for since, to in asleep[max(first, 0) :]:
            if since >= end:
                break
            total += max(0.0, min(end, to) - max(start, since))
        return total

    def waited(self, start: float, end: float, queued: float) -> float:
        """The waiting for a CPU to take out of [start, end] (perf_counter),
        when the kernel counted `queued` seconds of it: at most what is left
        of the span once its proven sleep is counted."""
        if queued <= 0:
            return 0.0
        return min(queued, max(0.0, end - start - self.asleep_during(start, end)))

    def close(self) -> None:
        """Stop looking; the sleeps seen stay for asleep_during and waited."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
            self._thread = None
        if self._fds is not None:
            for fd in self._fds:
                with contextlib.suppress(OSError):
                    _close(fd)
            self._fds = None


def available() -> bool:
    """This system tells a thread's waiting for a CPU and its state (Linux)."""
    clock = ThreadClock()
    try:
        return clock.available
    finally:
        clock.close()

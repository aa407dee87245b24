"""Notice when a student's code replaces what the tests measure with.

The measurements use clocks and a sleep captured before any student module is
imported (tests/support/clock.py), so replacing `time.perf_counter` or
`asyncio.sleep` cannot fake a result. It is still cheating, and it would
disturb the tests that follow: `check_and_restore()`, called after every test
by the `student` fixture, names what was replaced (the test fails) and puts
the originals back. pytest-timeout's alarm (its `signal` method) is checked
too: a student who disarms it or takes SIGALRM over is stopped by the
grader's own time budget, and named here if the test still ends.
"""

from __future__ import annotations

import asyncio
import asyncio.events
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Watched:
    label: str  # as the student would write it
    owner: Any
    attribute: str
    original: Any


WATCHED = tuple(
    Watched(label, owner, attribute, getattr(owner, attribute))
    for label, owner, attribute in (
        ("time.perf_counter", time, "perf_counter"),
        ("time.monotonic", time, "monotonic"),
        ("time.time", time, "time"),
        ("time.sleep", time, "sleep"),
        ("asyncio.sleep", asyncio, "sleep"),
        ("asyncio.wait_for", asyncio, "wait_for"),
        ("asyncio.get_running_loop", asyncio, "get_running_loop"),
        ("asyncio.get_event_loop", asyncio, "get_event_loop"),
        ("l'horloge de la boucle (BaseEventLoop.time)", asyncio.BaseEventLoop, "time"),
        ("asyncio.events.get_running_loop", asyncio.events, "get_running_loop"),
    )
)


# Loop clocks found replaced during the test (instance or class), already put back.
_LOOP_CLOCKS: list[str] = []


def check_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Put back a clock replaced on the running loop or on its class."""
    if "time" in vars(loop):  # loop.time = … on this loop only
        del loop.time
        _LOOP_CLOCKS.append("loop.time (l'horloge de la boucle)")
    if asyncio.BaseEventLoop not in type(loop).__mro__:
        return  # another loop implementation: its own business
    for cls in type(loop).__mro__:
        if cls is asyncio.BaseEventLoop:
            break
        if "time" in vars(cls):  # type(loop).time = …: hides BaseEventLoop.time
            delattr(cls, "time")
            _LOOP_CLOCKS.append(f"{cls.__name__}.time (l'horloge de la boucle)")


def replaced() -> list[Watched]:
    return [w for w in WATCHED if getattr(w.owner, w.attribute) is not w.original]


def check_and_restore() -> list[str]:
    """What was replaced since the session started (put back), as labels."""
    found = replaced()
    for w in found:
        setattr(w.owner, w.attribute, w.original)
    labels = [w.label for w in found] + _LOOP_CLOCKS
    _LOOP_CLOCKS.clear()
    return labels


@dataclass
class AlarmState:
    """pytest-timeout's SIGALRM handler and timer, as armed for this test."""

    handler: Callable[..., Any] | int | None
    armed: bool

    @classmethod
    def now(cls) -> AlarmState | None:
        if sys.platform == "win32" or not hasattr(signal, "SIGALRM"):
            return None
        return cls(signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)[0] > 0)

    def changes(self) -> list[str]:
        """How the alarm was tampered with since `self` was taken."""
        current = AlarmState.now()
        if current is None or not self.armed:
            return []
        found = []
        if current.handler is not self.handler:
            found.append("le gestionnaire du signal SIGALRM (signal.signal)")
        if not current.armed:
            found.append("le minuteur SIGALRM (signal.alarm(0) ou setitimer)")
        return found

"""Fake async operations that record how the student's code used them.

Counting overlap is structural: a sequential answer peaks at 1 operation in
flight whatever the machine's speed, a gathered one peaks at N because every
call has started before the first timer can fire. Delays run on the loop's
own timers (`call_later`), which the student's code cannot patch.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tests.support.clock import loop_sleep, perf_counter
from tools.common.timeline import Bar, Comparison, compare

V = TypeVar("V")


@dataclass
class InFlight:
    """Operations in progress right now, and the most seen at the same time."""

    current: int = 0
    peak: int = 0

    def enter(self) -> None:
        self.current += 1
        self.peak = max(self.peak, self.current)

    def leave(self) -> None:
        self.current -= 1


def short_argument(value: Any) -> str:
    """An argument, short: an url by its host's first name and its last part."""
    if isinstance(value, str) and "://" in value:
        host, _, path = value.split("://", 1)[1].partition("/")
        value = f"{host.split('.')[0]}/{path.rsplit('/', 1)[-1]}" if path else host
    text = repr(value)
    return text if len(text) <= 24 else text[:22] + "…"


def _no_delay(*args: Any) -> float:
    return 0.001


@dataclass
class FakeService(Generic[V]):
    """An async operation named `name` that answers `answer(*args)` after
    `delay(*args)` seconds, and records every call.

    `operation` is the coroutine function handed to the student's code; it
    raises whatever `answer` raises, after the delay.
    """

    name: str
    answer: Callable[..., V]
    delay: Callable[..., float] = _no_delay
    in_flight: InFlight = field(default_factory=InFlight)
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    completed: list[tuple[Any, ...]] = field(default_factory=list)
    # Each call's arguments, start and end (perf_counter; None while it runs):
    # what the failure's timeline draws (tools/common/timeline.py).
    spans: list[tuple[tuple[Any, ...], float, list[float]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        async def operation(*args: Any) -> V:
            self.calls.append(args)
            ended: list[float] = []
            self.spans.append((args, perf_counter(), ended))
            self.in_flight.enter()
            try:
                await loop_sleep(self.delay(*args))
                result = self.answer(*args)
            finally:
                self.in_flight.leave()
                ended.append(perf_counter())
            self.completed.append(args)
            return result

        operation.__name__ = operation.__qualname__ = self.name
        self.operation: Callable[..., Awaitable[V]] = operation

    def label(self, *args: Any) -> str:
        """How a call reads under its bar: "telecharger('site-a03/123')"."""
        return f"{self.name}({', '.join(short_argument(a) for a in args)})"

    def bars(self, origin: float, label: Callable[..., str] | None = None) -> tuple[Bar, ...]:
        """Every call as a bar, `origin` (perf_counter) its zero; `label(*args)` names it."""
        name = label or self.label
        return tuple(
            Bar(name(*args), start - origin, ended[0] - origin if ended else None)
            for args, start, ended in self.spans
        )

    def all_at_once(
        self, origin: float, what: str, calls: Sequence[tuple[Any, ...]] | None = None
    ) -> Comparison:
        """The calls as they ran since `origin`, above the shape the course
        asks for: every call (`calls`, else those made) started at once,
        each lasting its delay."""
        wanted = self.calls if calls is None else calls
        return compare(
            what, self.bars(origin), (Bar(self.label(*a), 0.0, self.delay(*a)) for a in wanted)
        )

"""Fake async operations that record how the student's code used them.

Counting overlap is structural: a sequential answer peaks at 1 operation in
flight whatever the machine's speed, a gathered one peaks at N because every
call has started before the first timer can fire. Delays run on the loop's
own timers (`call_later`), which the student's code cannot patch.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tests.support.clock import loop_sleep

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

    def __post_init__(self) -> None:
        async def operation(*args: Any) -> V:
            self.calls.append(args)
            self.in_flight.enter()
            try:
                await loop_sleep(self.delay(*args))
                result = self.answer(*args)
            finally:
                self.in_flight.leave()
            self.completed.append(args)
            return result

        operation.__name__ = operation.__qualname__ = self.name
        self.operation: Callable[..., Awaitable[V]] = operation

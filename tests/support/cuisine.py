"""Support for exercise 03: the steps of a meal, recorded in one shared journal.

Each step is an async fake that writes when it starts and how it ends (done,
failed, cancelled) into a journal the test owns, and counts the steps in
progress: work started early with `create_task` is seen in progress alongside
the other work (peak 2), work left as a bare coroutine only starts at its
`await` (peak 1). A step can be told to fail: it raises a fresh `EtapeRatee`
after its delay, so the test can recognise the error the student's code lets
through (by its type and text, never by identity: the test keeps no reference
that would keep a dropped task alive). Delays run on the loop's own timers,
which the student's code cannot patch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from tests.support.clock import loop_sleep
from tests.support.concurrency import InFlight

START = "commence"
END = "finit"
FAILED = "échoue"
CANCELLED = "est annulé"
ENDINGS = (END, FAILED, CANCELLED)


class EtapeRatee(Exception):
    """The error a failing step raises."""


@dataclass
class Kitchen:
    """The steps of one meal: each `step` shares the journal and the in-flight count."""

    journal: list[tuple[str, str, str]] = field(default_factory=list)  # (step, item, event)
    in_flight: InFlight = field(default_factory=InFlight)

    def step(
        self,
        name: str,
        answer: Callable[[str], str],
        delay: float,
        *,
        error: str | None = None,
    ) -> Callable[[str], Awaitable[str]]:
        """An async step `name(item)` that answers `answer(item)` after `delay`
        seconds, or raises `EtapeRatee(error)` then if `error` is given."""

        async def operation(item: str) -> str:
            self.journal.append((name, item, START))
            self.in_flight.enter()
            try:
                await loop_sleep(delay)
            except asyncio.CancelledError:
                self.journal.append((name, item, CANCELLED))
                raise
            finally:
                self.in_flight.leave()
            if error is not None:
                self.journal.append((name, item, FAILED))
                raise EtapeRatee(error)
            self.journal.append((name, item, END))
            return answer(item)

        operation.__name__ = operation.__qualname__ = name
        return operation

    def count(self, name: str, event: str) -> int:
        return sum(1 for step, _, happened in self.journal if (step, happened) == (name, event))

    def unfinished(self, name: str) -> int:
        """How many runs of step `name` have started and not ended in any way."""
        return self.count(name, START) - sum(self.count(name, e) for e in ENDINGS)

    def describe(self) -> str:
        """The journal as the student reads it: « cuire('…') commence, puis … »."""
        if not self.journal:
            return "aucune étape n'a commencé"
        return ", puis ".join(f"{step}({item!r}) {event}" for step, item, event in self.journal)


def _position(
    journal: list[tuple[str, str, str]], name: str, events: tuple[str, ...]
) -> int | None:
    return next(
        (i for i, (step, _, happened) in enumerate(journal) if step == name and happened in events),
        None,
    )


def sequence_of(kitchen: Kitchen, early: str, other: str) -> str | None:
    """How `early` (meant to run alongside `other`) was placed in the journal,
    when the two never overlapped: "avant" when `early` ended before `other`
    started (it was awaited to the end first), "après" when it only started
    once `other` had ended (it was started too late), None otherwise."""
    journal = kitchen.journal
    early_start, early_end = _position(journal, early, (START,)), _position(journal, early, ENDINGS)
    other_start, other_end = _position(journal, other, (START,)), _position(journal, other, ENDINGS)
    if early_start is None or early_end is None or other_start is None or other_end is None:
        return None
    if early_end < other_start:
        return "avant"
    if early_start > other_end:
        return "après"
    return None

"""Support for exercise 03: the steps of a meal, recorded in one shared journal.

Each step is an async fake that writes when it starts and how it ends (done,
failed, cancelled) into a journal the test owns, and counts the steps in
progress: work started early with `create_task` is seen in progress alongside
the other work (peak 2), work left as a bare coroutine only starts at its
`await` (peak 1). A step can be told to fail: it raises a fresh `EtapeRatee`
after its delay (or at once, before its first await: `at_once`), so the test
can recognise the error the student's code lets through (by its type and
text, never by identity: the test keeps no reference that would keep a
dropped task alive). Delays run on the loop's own timers, which the
student's code cannot patch.

Before its own check, every test says what names the mistake
(`check_call`): a task returned in place of the dish, a step run twice, a
coroutine never awaited; the check of the overlap (`check_overlap`) is
shared by the public and the hidden test.

Each run of a step is also timed (`Kitchen.runs`), for the failure's
timeline (tools/common/timeline.py): one row per step, above the shape the
statement asks for, both steps started at once (`Kitchen.side_by_side`).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support.clock import loop_sleep, perf_counter
from tests.support.concurrency import InFlight
from tests.support.course_rules import NEVER_AWAITED
from tests.support.student import Student
from tools.common.timeline import Bar, Comparison, compare

START = "commence"
END = "finit"
FAILED = "échoue"
CANCELLED = "est annulé"
ENDINGS = (END, FAILED, CANCELLED)


# Seconds a step takes to stop once cancelled.
STOP_DELAY = 0.1


class EtapeRatee(Exception):
    """The error a failing step raises."""


@dataclass
class StepRun:
    """One run of a step: when it started and ended (perf_counter), and how
    (END, FAILED, CANCELLED; None while it runs)."""

    step: str
    item: str
    start: float
    end: float | None = None
    event: str | None = None

    def close(self, event: str) -> None:
        self.end, self.event = perf_counter(), event


@dataclass
class Kitchen:
    """The steps of one meal: each `step` shares the journal and the in-flight count."""

    journal: list[tuple[str, str, str]] = field(default_factory=list)  # (step, item, event)
    in_flight: InFlight = field(default_factory=InFlight)
    runs: list[StepRun] = field(default_factory=list)
    # Each step's delay and whether it fails: the expected timeline.
    plans: dict[str, tuple[float, bool]] = field(default_factory=dict)

    def step(
        self,
        name: str,
        answer: Callable[[str], str],
        delay: float,
        *,
        error: str | None = None,
        at_once: bool = False,
    ) -> Callable[[str], Awaitable[str]]:
        """An async step `name(item)` that answers `answer(item)` after `delay`
        seconds, or raises `EtapeRatee(error)` then if `error` is given. With
        `at_once`, it fails as soon as it starts, before its first await
        (`error` is then required): its task is done on the loop's next turn."""

        async def operation(item: str) -> str:
            self.journal.append((name, item, START))
            run = StepRun(name, item, perf_counter())
            self.runs.append(run)
            if at_once and error is not None:
                self.journal.append((name, item, FAILED))
                run.close(FAILED)
                raise EtapeRatee(error)
            self.in_flight.enter()
            try:
                await loop_sleep(delay)
            except asyncio.CancelledError:
                # Like an oven, a step takes a moment to stop once cancelled:
                # code that cancels a task and returns without awaiting it
                # (or after a short pause) leaves it running.
                with contextlib.suppress(asyncio.CancelledError):
                    await loop_sleep(STOP_DELAY)
                self.journal.append((name, item, CANCELLED))
                run.close(CANCELLED)
                raise
            finally:
                self.in_flight.leave()
            if error is not None:
                self.journal.append((name, item, FAILED))
                run.close(FAILED)
                raise EtapeRatee(error)
            self.journal.append((name, item, END))
            run.close(END)
            return answer(item)

        self.plans[name] = (0.0 if at_once and error is not None else delay, error is not None)
        operation.__name__ = operation.__qualname__ = name
        return operation

    def count(self, name: str, event: str) -> int:
        return sum(1 for step, _, happened in self.journal if (step, happened) == (name, event))

    def unfinished(self, name: str) -> int:
        """How many runs of step `name` have started and not ended in any way."""
        return self.count(name, START) - sum(self.count(name, e) for e in ENDINGS)

    def running_at(self, name: str, when: float | None) -> int:
        """How many runs of step `name` had started and not ended at `when`
        (perf_counter; None: now), whatever the test cancelled afterwards."""
        return sum(
            1
            for run in self.runs
            if run.step == name and (run.end is None or (when is not None and run.end > when))
        )

    def bars(self, origin: float, until: float | None = None) -> tuple[Bar, ...]:
        """Each run of a step, `origin` its zero, on the row of its step (a
        second run of one step on a row of its own). A run not ended at
        `until` (the return of the student's call) shows unfinished."""
        seen: dict[str, int] = {}
        bars = []
        for run in self.runs:
            seen[run.step] = seen.get(run.step, 0) + 1
            lane = run.step if seen[run.step] == 1 else f"{run.step} n°{seen[run.step]}"
            ended = run.end is not None and (until is None or run.end <= until)
            how = f" {run.event}" if ended and run.event in (FAILED, CANCELLED) else ""
            end = run.end - origin if ended and run.end is not None else None
            bars.append(Bar(f"{run.step}({run.item!r}){how}", run.start - origin, end, lane))
        return tuple(bars)

    def side_by_side(
        self, origin: float, items: Mapping[str, str], until: float | None = None
    ) -> Comparison:
        """The steps as they ran since `origin`, above the shape the statement
        asks for: each step of `items` (step -> its argument) started at once
        and lasting its delay, failing if told to. When `preparer` fails while
        `cuire` still cooks, the cooking is cancelled then (nothing may run
        after the return); when `cuire` fails first, `preparer`, awaited
        directly, goes on to its end."""
        fails_at = {step: delay for step, (delay, fails) in self.plans.items() if fails}
        expected = []
        for step, item in items.items():
            delay, fails = self.plans[step]
            end, how = delay, f" {FAILED}" if fails else ""
            stopped = fails_at.get("preparer") if step == "cuire" else None
            if stopped is not None and stopped < delay:
                end, how = stopped, f" {CANCELLED}"
            expected.append(Bar(f"{step}({item!r}){how}", 0.0, end, step))
        return compare("une étape du repas", self.bars(origin, until), expected)

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


# -- what the student's preparer_repas did, said before each test's own check --


def returned_items(value: Any) -> list[Any]:
    """The items of what the call returned: a pair, or one value."""
    return list(value) if isinstance(value, list | tuple) else [value]


def shown(value: Any) -> str:
    """The returned value, with tasks and coroutines named the way the course names them."""

    def one(item: Any) -> str:
        if isinstance(item, asyncio.Future):
            return "<une tâche asyncio>"
        if inspect.iscoroutine(item):
            return "<une coroutine>"
        return repr(item)

    if isinstance(value, list | tuple):
        inside = ", ".join(map(one, value))
        return f"[{inside}]" if isinstance(value, list) else f"({inside})"
    return one(value)


def close_coroutines(value: Any) -> None:
    for item in returned_items(value):
        if inspect.iscoroutine(item):
            item.close()


async def settle_returned(value: Any) -> int:
    """How many tasks among what the call returned were still running; they
    are cancelled and awaited here, so that none spills into the next test.
    Coroutines returned are closed (never run)."""
    close_coroutines(value)
    running = [v for v in returned_items(value) if isinstance(v, asyncio.Future) and not v.done()]
    for task in running:
        task.cancel()
    if running:
        await asyncio.wait(running, timeout=1)
    return len(running)


def check_returned_values(
    student: Student, call: str, value: Any, running: int, expected: tuple[str, str]
) -> None:
    """E2: a task or a coroutine returned in place of the dish (and C2 when
    that task was still running at the return: nobody awaited it)."""
    if not any(
        isinstance(v, asyncio.Future) or inspect.iscoroutine(v) for v in returned_items(value)
    ):
        return
    observed = shown(value)
    if running:
        observed += (
            "\n             cette tâche était encore en cours au retour : personne ne l'a attendue"
        )
    student.fail(
        "preparer_repas renvoie une tâche (ou une coroutine) au lieu du plat cuit.",
        call=call,
        observed=observed,
        expected=repr(expected),
        advice="une tâche se récupère avec await : plat_cuit = await cuisson",
        requirement="E2",
    )


def check_each_step_once(
    student: Student, kitchen: Kitchen, call: str, items: Mapping[str, str]
) -> None:
    """E3: no step started twice (a task created, then the step called again;
    or a failed step retried)."""
    for name, item in items.items():
        runs = [run for run in kitchen.runs if run.step == name]
        if len(runs) <= 1:
            continue
        failed = any(run.event == FAILED for run in kitchen.runs)
        retried = runs[0].event == FAILED and (runs[0].end or 0.0) <= runs[1].start
        student.fail(
            f"{name} a été exécuté {len(runs)} fois.",
            call=call,
            observed=f"{name} exécuté {len(runs)} fois "
            f"(avec {', '.join(repr(run.item) for run in runs)})\n"
            f"             journal : {kitchen.describe()}",
            expected=f"un seul {name}({item!r})"
            + (", même quand une étape échoue" if failed else ""),
            advice="ne relance pas une étape ratée : laisse son erreur remonter"
            if retried
            else "crée la tâche une fois, puis attends cette même tâche : "
            "cuisson = asyncio.create_task(cuire(plat)) … plat_cuit = await cuisson",
            requirement="E3",
        )


def check_no_forgotten_step(student: Student, kitchen: Kitchen, call: str) -> None:
    """C4, said for this exercise: the course's rules saw a coroutine never
    awaited (tests/support/course_rules.py records them around every call)."""
    measured = [v.observed for v in student.rules.violations if v.rule == NEVER_AWAITED]
    if not measured:
        return
    ran = [name for name in ("cuire", "preparer") if kitchen.count(name, START)]
    student.fail(
        "Une coroutine a été créée mais jamais attendue.",
        call=call,
        observed=measured[0],
        expected="chaque coroutine créée est attendue, ou confiée à create_task",
        advice="cuire(plat) seul ne fait que créer une coroutine : passe-la directement "
        "à asyncio.create_task(...) et supprime l'ancienne ligne"
        if ran
        else "appeler une étape ne fait que créer une coroutine : confie-la à "
        "asyncio.create_task(...) ou attends-la avec await",
        requirement=NEVER_AWAITED,
    )


async def check_call(
    student: Student,
    kitchen: Kitchen,
    call: str,
    value: Any,
    items: Mapping[str, str],
    expected: tuple[str, str],
    running: int | None = None,
) -> None:
    """What every test says first about a call that returned `value`: a task
    returned (E2), a step run twice (E3), a coroutine forgotten (C4). `running`:
    how many returned tasks were still running at the return, when the
    caller already settled them."""
    if running is None:
        running = await settle_returned(value)
    check_returned_values(student, call, value, running, expected)
    check_each_step_once(student, kitchen, call, items)
    check_no_forgotten_step(student, kitchen, call)


def check_overlap(
    student: Student, kitchen: Kitchen, call: str, durations: str | None = None
) -> None:
    """E1: the cooking was in progress while the starter was prepared."""
    if kitchen.in_flight.peak >= 2:
        return
    observed = kitchen.describe() + (f"\n             ({durations})" if durations else "")
    advice = (
        "cuisson = asyncio.create_task(cuire(plat)) AVANT d'attendre "
        "preparer(entree), et await cuisson seulement après ; une coroutine seule ne "
        "démarre qu'à son await, et une tâche attendue aussitôt créée n'avance pas en "
        "même temps que le reste"
    )
    sequence = sequence_of(kitchen, "cuire", "preparer")
    if sequence == "avant":
        observed += (
            "\n             cuire a fini avant même que preparer commence : la cuisson a "
            "été attendue jusqu'au bout avant de préparer l'entrée"
        )
        advice = (
            "une tâche attendue aussitôt créée n'avance pas en même temps que le reste : "
            "cuisson = asyncio.create_task(cuire(plat)), puis await preparer(entree), et "
            "seulement ensuite plat_cuit = await cuisson"
        )
    elif sequence == "après":
        observed += (
            "\n             cuire n'a commencé qu'après la fin de preparer : la cuisson a "
            "été lancée trop tard"
        )
        advice = (
            "lance la cuisson AVANT d'attendre preparer(entree) : "
            "cuisson = asyncio.create_task(cuire(plat)) en premier ; une coroutine seule, "
            "ou une tâche créée après l'await de preparer, ne démarre qu'après lui"
        )
    student.fail(
        "La cuisson n'a pas avancé pendant la préparation de l'entrée.",
        call=call,
        observed=observed,
        expected="cuire commence avant que preparer finisse : les deux étapes en cours "
        "en même temps",
        advice=advice,
        requirement="E1",
    )

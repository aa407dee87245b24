"""Fake jobs whose every step the test sees: started, finished, failed,
cancelled, still running; and a fake clean-up that notes what was running
when it was called.

Each job waits on a loop timer (`loop_sleep`), so the student's code cannot
speed it up, and a job that was neither cancelled nor awaited keeps running
on its own: exactly what a supervision mistake leaves behind.

Every run of a job and every call of nettoyer() is timed, for the timeline a
failure draws (tools/common/timeline.py): the jobs as bars, above the shape
the statement asks for.
"""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tests.support.clock import loop_sleep, perf_counter
from tests.support.concurrency import InFlight
from tests.support.course_rules import BLOCK_LIMIT, BLOCK_LIMIT_UNCORRECTED
from tests.support.orphans import HARNESS_TASK
from tests.support.student import Student
from tools.common import french
from tools.common.thread_clock import ThreadClock
from tools.common.timeline import Bar, Comparison, compare

CLEANUP_LANE = "nettoyer()"  # the row of the timeline where nettoyer()'s calls are drawn
CLEANUP_ADVICE = (
    "try: … finally: nettoyer() ; le finally s'exécute après un succès comme après une exception"
)
# When a job fails and the others run to their end.
KEPT_RUNNING_ADVICE = (
    "attendre les tâches (une par une, ou avec gather) ne les arrête pas quand l'une échoue ; "
    "asyncio.TaskGroup annule les autres tâches dès qu'une échoue"
)


def cleanup_advice(calls: int) -> str:
    """The advice when nettoyer() was called `calls` times, not once."""
    if calls > 1:
        return (
            "le finally s'exécute déjà après une exception comme après un succès : appelle "
            "nettoyer() seulement dans le finally, pas aussi dans un except ou après le bloc"
        )
    return CLEANUP_ADVICE


SWALLOWED_ADVICE = (
    "ne l'attrape pas pour la faire taire : avec asyncio.TaskGroup, elle remonte toute seule "
    "(dans un ExceptionGroup)"
)


# A supervision loop that polls with time.sleep blocks the event loop at every
# turn, and ends only after several turns (1,6 s or more for a sleep of 0,8 s):
# its first long block already breaks C1, so the call is stopped there. The
# guard stops a call only well past C1's own bound, which the course's rules
# (tests/support/course_rules.py) measure on the same stall: when it trips,
# C1 has always been broken, and the verdict is C1's.
GUARD_SHARE = 1.5
GUARD_BEAT = 0.005


class LoopBlocked(Exception):
    """Raised in place of the student's result once BlockGuard stopped the call."""


class BlockGuard:
    """Awaits the student's call, and cancels it at the first block of the
    event loop longer than GUARD_SHARE times C1's bound (waiting for a CPU
    taken out, as tests/support/loop_lag.py does).

    A thread watches a heartbeat of the loop. Nothing that runs in the loop
    could do it: the blocking step has already queued its next step, which
    would run (and block again) before any callback the loop sees late. The
    thread's cancellation, queued during the block, comes first.

    The call runs in the caller's task, which the guard cancels (and then
    uncancels): a task of its own would be one more task than the caller's
    that the tests' count of what the call left running (Leftovers) sees."""

    def __init__(self) -> None:
        self.tripped = False
        self.stalled = 0.0  # how long the loop had been blocked when it tripped, in seconds

    async def run(self, awaitable: Awaitable[Any]) -> Any:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        clock = ThreadClock().start()  # opened here, it tells the loop's thread's waiting
        bound = GUARD_SHARE * (BLOCK_LIMIT if clock.available else BLOCK_LIMIT_UNCORRECTED)
        last = (perf_counter(), clock.now())
        stop = threading.Event()
        finished = False
        handle: asyncio.TimerHandle | None = None

        def beat() -> None:
            nonlocal last, handle
            last = (perf_counter(), clock.now())
            handle = loop.call_later(GUARD_BEAT, beat)

        def trip(stalled: float) -> None:
            if not finished:  # never a cancellation meant for what comes after the call
                self.tripped, self.stalled = True, stalled
                task.cancel()

        def watch() -> None:
            # Woken only when the bound could first be passed, not at every
            # beat: each wake-up takes the GIL, which the loop's thread may
            # then wait for while this thread waits for a CPU, a wait the
            # loop's run_delay does not count.
            wait = GUARD_BEAT
            while not stop.wait(wait):
                at, queued = last
                now = perf_counter()
                stalled = now - at - clock.waited(at, now, clock.now() - queued)
                if stalled > bound:
                    loop.call_soon_threadsafe(trip, stalled)
                    return
                wait = max(bound - stalled, GUARD_BEAT)

        handle = loop.call_later(GUARD_BEAT, beat)
        watcher = threading.Thread(target=watch, name=f"{HARNESS_TASK}garde", daemon=True)
        watcher.start()
        try:
            try:
                value = await awaitable
            except asyncio.CancelledError:
                if not self.tripped:
                    raise  # the test's own limit, not the guard
            finally:
                finished = True
            if self.tripped:  # even when the student's code swallowed the cancellation
                task.uncancel()
                raise LoopBlocked
            return value
        finally:
            stop.set()
            if handle is not None:
                handle.cancel()
            watcher.join()
            clock.close()


def fail_if_stopped(student: Student, guard: BlockGuard, call: str) -> None:
    """The verdict of a call the guard stopped: C1's own message (the course's
    rules measured the same block, past their bound), or, were they not
    watching C1, the block the guard saw."""
    if not guard.tripped:
        return
    student.fail_if_broken("C1")
    student.fail(
        "Ton code a bloqué la boucle d'événements : l'appel a été arrêté.",
        call=call,
        observed=f"la boucle n'a pas pu tourner pendant {french.decimal(guard.stalled, 2)} s",
        expected="une boucle qui tourne pendant que les travaux avancent",
        advice="pour attendre, await (asyncio.sleep, asyncio.wait…), jamais time.sleep",
        requirement="C1",
    )


class State(Enum):
    WAITING = "jamais démarré"
    RUNNING = "en cours"
    DONE = "terminé"
    FAILED = "échoué"
    CANCELLED = "annulé"


@dataclass
class Job:
    """One job: after `delay` seconds, returns `result` or raises `error`."""

    name: str
    delay: float
    result: Any = None
    error: BaseException | None = None
    state: State = State.WAITING
    starts: int = 0
    task: asyncio.Task[Any] | None = None  # the task that runs it, once started


@dataclass
class Run:
    """One run of a job: its start and end (perf_counter), and how it ended."""

    name: str
    start: float
    end: float | None = None  # None while it runs
    state: State = State.RUNNING


def _label(name: str, state: State) -> str:
    """A job's bar: its name, and why it stopped unless it finished."""
    return f"{name} ({state.value})" if state in (State.FAILED, State.CANCELLED) else name


@dataclass
class Jobs:
    """The jobs handed to the student's code, and what happened to them."""

    jobs: list[Job]
    # The list handed to the student, when a job is in it twice (the same
    # function at two places: two jobs for the statement, so two starts).
    listed: list[Job] | None = None
    in_flight: InFlight = field(default_factory=InFlight)
    cleaned: bool = False  # nettoyer() was called
    # Jobs that ran after nettoyer() was called: their task had not even
    # started when it was (created, not yet run), or still went on.
    after_cleanup: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # every run of a job, in start order
    returned: float | None = None  # when the student's call returned or raised (perf_counter)

    def functions(self) -> list[Callable[[], Awaitable[Any]]]:
        """The coroutine functions the student's code receives, one per place
        in the list: a job listed twice is the same function twice."""
        made = {id(job): self._function(job) for job in self.jobs}
        return [made[id(job)] for job in self.listed or self.jobs]

    def _function(self, job: Job) -> Callable[[], Awaitable[Any]]:
        async def run() -> Any:
            job.starts += 1
            job.state = State.RUNNING
            job.task = asyncio.current_task()
            timed = Run(job.name, perf_counter())
            self.runs.append(timed)
            self.in_flight.enter()
            if self.cleaned and job.name not in self.after_cleanup:
                self.after_cleanup.append(job.name)
            try:
                await loop_sleep(job.delay)
                job.state = State.DONE if job.error is None else State.FAILED
            except asyncio.CancelledError:
                job.state = State.CANCELLED
                raise
            finally:
                self.in_flight.leave()
                if self.cleaned and job.name not in self.after_cleanup:
                    self.after_cleanup.append(job.name)
                timed.end, timed.state = perf_counter(), job.state
            if job.error is not None:
                raise job.error
            return job.result

        run.__name__ = run.__qualname__ = job.name
        return run

    def names(self, *states: State) -> list[str]:
        return [job.name for job in self.jobs if job.state in states]

    def running(self) -> list[str]:
        return self.names(State.RUNNING)

    def at_return(self) -> list[str]:
        """Called at the instant the student's call returns or raises: notes
        that instant (the timeline stops there) and names the running jobs."""
        self.returned = perf_counter()
        return self.running()

    def cancel_requested(self) -> list[str]:
        """Running jobs whose task was asked to cancel (task.cancel()) and has
        not processed it yet: a cancellation nobody waited for."""
        return [
            job.name
            for job in self.jobs
            if job.state is State.RUNNING and job.task is not None and job.task.cancelling()
        ]


@dataclass
class Cleanup:
    """The `nettoyer()` handed to the student's code: a plain function that
    notes, at each call, which jobs were still running."""

    jobs: Jobs
    running_at_calls: list[list[str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # perf_counter at each call

    def __call__(self) -> None:
        self.times.append(perf_counter())
        self.running_at_calls.append(self.jobs.running())
        self.jobs.cleaned = True

    @property
    def calls(self) -> int:
        return len(self.running_at_calls)


def fail_if_one_at_a_time(
    student: Student, jobs: Jobs, call: str, delai: float | None = None
) -> None:
    """Whatever the test checks next, say first that the jobs ran one at a
    time, never two at once: a right answer starts them all in the same step
    of the loop, before any can end (the shortest lasts 5 ms). Given `delai`,
    the failure draws the jobs' timeline (a test that drew it already passes
    none)."""
    if len(jobs.jobs) < 2 or jobs.in_flight.peak != 1:
        return
    if delai is not None:
        student.show(timeline(jobs, student.started, delai))
    never = [job.name for job in jobs.jobs if not job.starts]
    student.fail(
        "Les travaux n'ont pas tous tourné en même temps.",
        call=call,
        observed="au plus 1 travail(aux) en cours à la fois"
        + (f" ; jamais démarrés : {', '.join(never)}" if never else ""),
        expected=f"les {len(jobs.jobs)} travaux en cours en même temps",
        advice="une coroutine ne tourne que quand on l'attend : crée une tâche par travail "
        "(groupe.create_task(travail())) avant d'en attendre aucune",
        requirement="E1",
    )


def deadline_on_one_job(error: BaseException | None, jobs: Jobs) -> bool:
    """`error` reached the caller through asyncio.wait_for awaiting one job's
    task: a deadline on that task alone, which stops none of the others."""
    tasks = [job.task for job in jobs.jobs if job.task is not None]
    tb = error.__traceback__ if error is not None else None
    return any(
        frame.f_code.co_name == "wait_for"
        and frame.f_globals.get("__name__") == "asyncio.tasks"
        and any(frame.f_locals.get("fut") is task for task in tasks)
        for frame, _ in traceback.walk_tb(tb)
    )


def leaves(error: BaseException) -> list[BaseException]:
    """The exceptions inside an exception group, however nested; or `error`."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]


# -- the timeline ------------------------------------------------------------------


def observed_bars(jobs: Jobs, origin: float, cleanup: Cleanup | None = None) -> list[Bar]:
    """Each run of a job as a bar, `origin` (perf_counter) its zero, named with
    how it ended ("travail_b (annulé)"); a job still running when the student's
    call returned has no end: what the test cancelled afterwards is not the
    student's doing. Then nettoyer()'s calls, on their own row."""
    until = jobs.returned
    bars = []
    for run in jobs.runs:
        end = run.end if run.end is not None and (until is None or run.end <= until) else None
        if end is None:
            bars.append(Bar(run.name, run.start - origin))
        else:
            bars.append(Bar(_label(run.name, run.state), run.start - origin, end - origin))
    if cleanup is not None:
        bars += [Bar("appel", t - origin, t - origin, CLEANUP_LANE) for t in cleanup.times]
    return bars


def expected_bars(jobs: Jobs, delai: float, cleanup: bool) -> list[Bar]:
    """The statement's shape: every job started at once, each lasting its
    delay, until the group stops, at its first failure or at its deadline
    `delai`: the jobs still running then are cancelled. Then one nettoyer()."""
    delays = [job.delay for job in jobs.jobs]
    failures = [job.delay for job in jobs.jobs if job.error is not None]
    stop = min([delai, max(delays, default=0.0), *failures])
    bars = []
    for job in jobs.jobs:
        if job.delay <= stop:
            state = State.DONE if job.error is None else State.FAILED
            bars.append(Bar(_label(job.name, state), 0.0, job.delay))
        else:
            bars.append(Bar(_label(job.name, State.CANCELLED), 0.0, stop))
    if cleanup:
        bars.append(Bar("appel", stop, stop, CLEANUP_LANE))
    return bars


def timeline(jobs: Jobs, origin: float, delai: float, cleanup: Cleanup | None = None) -> Comparison:
    """The jobs as they ran since `origin` (and nettoyer()'s calls, given
    `cleanup`), above the shape the statement asks for."""
    return compare(
        "un travail",
        observed_bars(jobs, origin, cleanup),
        expected_bars(jobs, delai, cleanup is not None),
    )

"""Fakes and a watchdog for the producer/consumer exercise (a queue feeding workers).

- `Source`: an async iterator whose elements arrive over time (bursts, pauses),
  so a worker that stops when the queue is empty for a moment loses elements.
- `Processor`: the fake `traiter` operation; records every call (start, end,
  cancellation, the task that ran it), counts calls in flight, and raises for
  the elements chosen to fail.
- `Scenario.shared_between_workers`: the calls drawn with the failures about
  the workers (tools/common/timeline.py), one row per worker, above
  nb_travailleurs workers sharing the elements as they arrive (computed from
  the source's gaps and the delays, never measured).
- `run_watched`: runs the student's coroutine in a task of its own and lists,
  inside that task and before the loop runs again, the tasks still pending at
  the very moment it returns (a cancelled but not awaited worker is still
  pending then, and gone one iteration later). It notices when nothing has
  happened for `grace` seconds (no call in flight, no element arriving) while
  the coroutine has not returned, the usual hang of a queue.join() waiting
  for a task_done() that never comes: it says where the code waits and raises
  `Stuck` instead of letting the test sit until its time limit. Tasks that
  ignore their cancellation are put away so that they cannot block the run.
- `check_results`, `check_each_processed_once`, `check_nothing_left`…: what
  the public and the hidden tests judge, with the words that name the mistake
  behind it, so that whichever test fails first (the one a student reads)
  says the same thing.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import inspect
from collections import Counter
from collections.abc import Callable, Coroutine, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

from tests.support.clock import loop_sleep, perf_counter
from tests.support.concurrency import InFlight, short_argument
from tests.support.measures import record
from tests.support.student import Outcome, Student, describe_exception
from tests.support.suspension import await_chain
from tools.common import french
from tools.common.timeline import Bar, Comparison, compare

T = TypeVar("T")

# Loop iterations the watchdog lets run before it calls an idle coroutine
# stuck: a correct answer needs about six between the last task_done() and
# its return, whatever the machine's load.
_CONFIRM_ITERATIONS = 50
# Bound on waiting for the tasks the runner cancels while cleaning up.
_CLEANUP_LIMIT = 1.0
# Tasks that ignored their cancellation, kept until the process ends.
_QUARANTINED: list[asyncio.Task[Any]] = []


class ErreurDeTraitement(Exception):
    """What the fake `traiter` raises for the elements chosen to fail."""


@dataclass
class Activity:
    """When something last happened, and how many things are happening now."""

    busy: int = 0
    last: float = field(default_factory=perf_counter)
    # The longest silence seen so far, for the stress run's margin on GRACE.
    longest: float = 0.0

    def begin(self) -> None:
        self.note_idle()
        self.busy += 1
        self.last = perf_counter()

    def end(self) -> None:
        self.busy -= 1
        self.last = perf_counter()

    def idle_for(self) -> float:
        """Seconds since the last event, or 0 while something is in progress."""
        return 0.0 if self.busy else perf_counter() - self.last

    def note_idle(self) -> None:
        """Count the silence up to now in `longest`."""
        self.longest = max(self.longest, self.idle_for())


# A pause of the source this long or longer ends once every worker has ended
# (Source): the long pause of ex09's tests (1,2 s), not its 80 ms one.
LONG_GAP = 0.5
# How often such a pause looks whether the workers are all gone.
GONE_POLL = 0.02


class Source:
    """An async iterator delivering `arrivals` = [(element, gap before it), ...].

    A gap of 0 delivers without suspending, so a burst lands in the queue in
    one go. Each element is delivered once even if several tasks iterate.

    A gap of LONG_GAP or more ends early once `workers_gone()` says that every
    task which ran traiter has ended: the elements still to come can then
    only be lost (or taken by new tasks, which the count of workers sees), so
    waiting out the pause would only delay the verdict. A right answer's
    workers wait in the queue through the pause: it lasts its whole length.
    """

    def __init__(
        self,
        arrivals: Sequence[tuple[str, float]],
        activity: Activity,
        workers_gone: Callable[[], bool] | None = None,
    ) -> None:
        self.arrivals = list(arrivals)
        self.activity = activity
        self.workers_gone = workers_gone
        self.delivered: list[str] = []
        self.exhausted = False
        self._next = 0

    @property
    def elements(self) -> list[str]:
        return [element for element, _ in self.arrivals]

    def __aiter__(self) -> Source:
        return self

    async def __anext__(self) -> str:
        if self._next >= len(self.arrivals):
            self.exhausted = True
            raise StopAsyncIteration
        element, gap = self.arrivals[self._next]
        self._next += 1
        if gap > 0:
            self.activity.begin()
            try:
                await self._pause(gap)
            finally:
                self.activity.end()
        self.delivered.append(element)
        return element

    async def _pause(self, gap: float) -> None:
        if gap < LONG_GAP or self.workers_gone is None:
            await loop_sleep(gap)
            return
        end = perf_counter() + gap
        while (left := end - perf_counter()) > 0 and not self.workers_gone():
            await loop_sleep(min(left, GONE_POLL))


class Processor:
    """The fake `traiter(element)`: answers `answers[element]` after
    `delays[element]` seconds, or raises ErreurDeTraitement for `failing`."""

    def __init__(
        self,
        answers: Mapping[str, str],
        delays: Mapping[str, float],
        activity: Activity,
        failing: frozenset[str] = frozenset(),
    ) -> None:
        self.answers = dict(answers)
        self.delays = dict(delays)
        self.failing = failing
        self.activity = activity
        self.in_flight = InFlight()
        self.started: list[Any] = []
        self.finished: list[Any] = []  # ended on their own, answer or error
        self.cancelled: list[Any] = []
        self.raised: dict[str, ErreurDeTraitement] = {}
        self.runners: list[asyncio.Task[Any]] = []
        # (element, the task that ran traiter for it), one per call.
        self.calls: list[tuple[Any, asyncio.Task[Any] | None]] = []
        # The start and end of each call (perf_counter; empty while it runs),
        # in the order of `calls`: what the failure's timeline draws.
        self.times: list[tuple[float, list[float]]] = []
        # Elements the source had delivered when each call started.
        self.source: Source | None = None
        self.delivered_at_start: list[int] = []

        async def traiter(element: Any) -> str:
            self.started.append(element)
            if self.source is not None:
                self.delivered_at_start.append(len(self.source.delivered))
            task = asyncio.current_task()
            self.calls.append((element, task))
            ended: list[float] = []
            self.times.append((perf_counter(), ended))
            if task is not None and task not in self.runners:
                self.runners.append(task)
            self.in_flight.enter()
            self.activity.begin()
            try:
                await loop_sleep(self.delay(element))
            except asyncio.CancelledError:
                self.cancelled.append(element)
                raise
            finally:
                self.in_flight.leave()
                self.activity.end()
                ended.append(perf_counter())
            self.finished.append(element)
            if element not in self.answers:
                raise ValueError(f"élément inconnu : {element!r}")
            if element in self.failing:
                error = ErreurDeTraitement(f"impossible de traiter {element}")
                self.raised[element] = error
                raise error
            return self.answers[element]

        self.traiter = traiter
        self.code = traiter.__code__

    def delay(self, element: Any) -> float:
        return self.delays.get(element, 0.001)

    def expected_results(self) -> dict[str, object]:
        """What a correct answer returns once every call has run."""
        return {e: self.raised.get(e, a) for e, a in self.answers.items()}

    def counts(self) -> Counter[Any]:
        return Counter(self.finished)

    def dead_runners(self) -> list[BaseException]:
        """Exceptions that ended tasks which ran `traiter` (marked as retrieved)."""
        return [
            error
            for task in self.runners
            if task.done() and not task.cancelled() and (error := task.exception()) is not None
        ]


def describe_task(task: asyncio.Task[Any]) -> str:
    chain = await_chain(task.get_coro())
    name = chain[0].rsplit(".", 1)[-1] if chain else task.get_name()
    if task.cancelling():
        return f"{name} (annulée, mais pas encore terminée)"
    waits = [link for link in chain[1:] if not link.startswith("<")]
    # wait_for shows in the chain around file.get() from 3.12 on; on 3.11 it
    # waits for a task of its own, and the chain ends in it.
    timed = ", avec un délai (wait_for)" if "wait_for" in waits else ""
    if "Queue.get" in waits:
        return f"{name} (attend un élément dans file.get(){timed})"
    return f"{name} (en attente dans {waits[0]})" if waits else name


def _describe(tasks: Iterable[asyncio.Task[Any]]) -> list[str]:
    return sorted(describe_task(t) for t in tasks)


@dataclass(frozen=True)
class Finished:
    """The student's coroutine returned `value`; `leftover` describes the
    tasks it started that were still pending at that moment, `refused` those
    that were still running after being cancelled by the runner."""

    value: Any
    leftover: list[str]
    duration: float
    refused: list[str] = field(default_factory=list)
    # The tasks behind `leftover`: pending when the coroutine returned.
    pending: tuple[asyncio.Task[Any], ...] = field(default=(), repr=False, compare=False)


class Stuck(Exception):
    """The coroutine stopped making progress without returning."""

    def __init__(
        self,
        idle: float,
        main_chain: list[str],
        tasks: list[str],
        refused: list[str],
    ) -> None:
        super().__init__(f"inactif depuis {french.decimal(idle, 2)} s")
        self.idle = idle
        self.main_chain = main_chain
        self.tasks = tasks
        self.refused = refused

    @property
    def in_join(self) -> bool:
        return "Queue.join" in self.main_chain

    @property
    def waiting_in_get(self) -> int:
        return sum("file.get()" in t for t in self.tasks)


@dataclass
class _Returned:
    value: Any = None
    error: BaseException | None = None
    pending: list[asyncio.Task[Any]] = field(default_factory=list)
    duration: float = 0.0


def _started_since(before: set[asyncio.Task[Any]]) -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [t for t in asyncio.all_tasks() if t not in before and t is not current]


async def _cancel_all(tasks: Sequence[asyncio.Task[Any]]) -> list[asyncio.Task[Any]]:
    """Cancel `tasks`; return those still running after _CLEANUP_LIMIT (they
    catch their CancelledError and carry on), quarantined."""
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=_CLEANUP_LIMIT)
    refused = [t for t in tasks if not t.done()]
    for task in refused:
        _quarantine(task)
    return refused


def _quarantine(task: asyncio.Task[Any]) -> None:
    """Put away a task that ignores cancellation, so that it cannot block the run.

    When a test's loop closes, pytest-asyncio cancels every task and waits for
    them all: one task that never ends blocks the whole run, and pytest-timeout
    cannot interrupt it (the loop swallows its exception). So the task is taken
    out of asyncio.all_tasks(). It must not be garbage-collected either:
    collecting a suspended coroutine throws GeneratorExit into it, which such a
    loop also catches, spinning forever. So it is kept referenced, and frozen
    out of the collector (gc.freeze) until the process ends. The test has
    already failed with its own message when this happens.
    """
    unregister = getattr(asyncio.tasks, "_unregister_task", None)
    if unregister is not None:
        # A private hook: if it ever fails, only the hang comes back.
        with contextlib.suppress(Exception):
            unregister(task)
    _QUARANTINED.append(task)
    gc.freeze()


async def run_watched(
    coro: Coroutine[Any, Any, T],
    activity: Activity,
    *,
    grace: float,
    started: Callable[[asyncio.Task[Any]], object] | None = None,
) -> Finished:
    """Run `coro`; raise Stuck if `activity` stays idle for `grace` seconds
    while it has not returned. Tasks it leaves pending are described in the
    result, then cancelled. `started` is told the task that runs `coro`.

    The coroutine runs in a task of its own, so that the runner never waits
    for the student's code to honour a cancellation (a worker that swallows
    CancelledError keeps a gather waiting forever); the pending tasks are
    listed inside that task, right after `coro` returns.
    """
    before = set(asyncio.all_tasks())

    async def call() -> _Returned:
        start = perf_counter()
        try:
            value = await coro
        except (Exception, asyncio.CancelledError) as error:
            if running.cancelling():
                raise  # cancelled by the runner below
            returned = _Returned(error=error)
        else:
            returned = _Returned(value=value)
        activity.note_idle()  # the silence before the return counts too
        returned.duration = perf_counter() - start
        # Nothing may await between the return and this snapshot.
        returned.pending = _started_since(before)
        return returned

    running = asyncio.create_task(call())
    if started is not None:
        started(running)
    confirmed_alone = False
    try:
        while not running.done():
            await asyncio.wait({running}, timeout=grace / 5)
            if running.done() or activity.idle_for() < grace:
                continue
            last = activity.last
            # A correct answer needs about six loop iterations between its
            # last task_done() and its return, however loaded the machine.
            for _ in range(_CONFIRM_ITERATIONS):
                if running.done():
                    break
                await loop_sleep(0)
            if running.done() or activity.busy or activity.last != last:
                continue
            idle = activity.idle_for()
            chain = await_chain(coro)
            others = [t for t in _started_since(before) if t is not running]
            if not others and not confirmed_alone:
                # Every task the call started has ended: the call may be about
                # to return (workers that stop on a timeout of their own all
                # ended at once, and the loop is loaded). One more round.
                confirmed_alone = True
                continue
            tasks = _describe(others)
            ignoring = await _cancel_all([running, *others])
            raise Stuck(idle, chain, tasks, _describe(t for t in ignoring if t is not running))
    except asyncio.CancelledError:  # the caller's own time limit
        await _cancel_all([running, *_started_since(before)])
        raise
    returned = running.result()
    leftover = _describe(returned.pending)
    refusing = _describe(await _cancel_all(returned.pending))
    if returned.error is not None:
        raise returned.error
    return Finished(returned.value, leftover, returned.duration, refusing, tuple(returned.pending))


@dataclass
class Scenario:
    """One call to grade: the source, the fake `traiter`, the number of workers."""

    source: Source
    processor: Processor
    workers: int
    activity: Activity
    # Tasks still pending when traiter_tout returned (set by call_watched).
    pending_at_return: set[asyncio.Task[Any]] = field(default_factory=set)
    # (task, item) for every item taken from an asyncio.Queue during the call.
    takes: list[tuple[asyncio.Task[Any] | None, Any]] = field(default_factory=list)
    # The task that ran traiter_tout itself (set by call_watched).
    main: asyncio.Task[Any] | None = None

    def workers_seen(self) -> list[asyncio.Task[Any]] | None:
        """The tasks that did the processing, one per worker; None when it
        cannot be told.

        A call of traiter belongs to the task that ran it, unless that task
        runs traiter itself and nothing else (a helper, e.g. wait_for with a
        timeout on Python 3.11, or shield): then to the task that took the
        element from a queue. If that one is a helper too (wait_for around
        file.get() on 3.11), the worker cannot be told."""
        each = self._worker_of_each_call()
        if each is None:
            return None
        workers: list[asyncio.Task[Any]] = []
        for worker in each:
            if worker is not None and worker not in workers:
                workers.append(worker)
        return workers

    def _worker_of_each_call(self) -> list[asyncio.Task[Any] | None] | None:
        """The worker of each call of traiter (see workers_seen)."""
        each: list[asyncio.Task[Any] | None] = []
        for element, task in self.processor.calls:
            worker = task
            if task is not None and _runs(task, self.processor.code):
                taker = self._taker_of(element)
                if taker is not None and _runs(taker, _QUEUE_GET):
                    return None
                worker = taker or task
            each.append(worker)
        return each

    def _taker_of(self, element: Any) -> asyncio.Task[Any] | None:
        for taken in reversed(self.takes):
            if _holds_element(taken[1], element):
                taker: asyncio.Task[Any] | None = taken[0]
                return taker
        return None

    @property
    def elements(self) -> list[str]:
        return self.source.elements

    # -- the timeline --------------------------------------------------------

    def bars(self, origin: float) -> tuple[Bar, ...]:
        """Every call of traiter as it ran, `origin` (perf_counter) its zero,
        on the row of the worker that took the element ("travailleur 1", in
        the order they started working; the task that ran the call when the
        workers cannot be told). A worker still pending when traiter_tout
        returned gets an unfinished bar from the end of its last call."""
        each = self._worker_of_each_call()
        if each is None:
            each = [task for _, task in self.processor.calls]
        lanes: dict[asyncio.Task[Any], str] = {}
        last_end: dict[asyncio.Task[Any], float] = {}
        drawn = []
        # The calls are in the order they started.
        calls = zip(self.processor.calls, self.processor.times, each, strict=True)
        for (element, _), (start, ended), worker in calls:
            lane = None
            if worker is not None:
                lane = lanes.setdefault(worker, f"travailleur {len(lanes) + 1}")
                if ended:
                    last_end[worker] = max(last_end.get(worker, 0.0), ended[0])
            end = ended[0] - origin if ended else None
            drawn.append(Bar(_label(element), start - origin, end, lane))
        for worker, lane in lanes.items():
            if worker in self.pending_at_return and worker in last_end:
                drawn.append(
                    Bar("encore en cours au retour", last_end[worker] - origin, None, lane)
                )
        return tuple(drawn)

    def shared_workload(self) -> tuple[Bar, ...]:
        """The shape the statement asks for, computed: nb_travailleurs
        workers; each element, when the source delivers it (after the gaps
        before it), taken by the worker free first (the one waiting longest),
        and processed for its delay."""
        free = [0.0] * max(1, self.workers)  # when each worker is free again
        arrival = 0.0
        drawn = []
        for element, gap in self.source.arrivals:
            arrival += gap
            worker = min(range(len(free)), key=lambda w: (free[w], w))
            start = max(arrival, free[worker])
            free[worker] = start + self.processor.delay(element)
            drawn.append(Bar(_label(element), start, free[worker], f"travailleur {worker + 1}"))
        return tuple(drawn)

    def shared_between_workers(self, origin: float) -> Comparison:
        """The calls of traiter as they ran since `origin`, one row per
        worker, above nb_travailleurs workers sharing the elements as they
        arrive (`shared_workload`)."""
        return compare("un élément traité", self.bars(origin), self.shared_workload())

    def stopped_runners(self) -> tuple[int, int]:
        """Workers that had ended when traiter_tout returned: (cancelled,
        returned on their own). A worker is a task that ran `traiter`, or that
        took an item from a queue (a stop signal, with no element at all),
        other than traiter_tout's own and the helpers that only wait in
        file.get() (wait_for on 3.11). Those still pending at the return,
        which the runner cancelled afterwards, are not counted."""
        workers = list(self.processor.runners)
        for task, _ in self.takes:
            if task is None or task is self.main or _runs(task, _QUEUE_GET):
                continue  # not a worker
            if task not in workers:
                workers.append(task)
        ended = [t for t in workers if t.done() and t not in self.pending_at_return]
        cancelled = sum(1 for t in ended if t.cancelled())
        returned = sum(1 for t in ended if not t.cancelled() and t.exception() is None)
        return cancelled, returned

    @property
    def call(self) -> str:
        return (
            f"traiter_tout(<source de {len(self.elements)} éléments>, traiter, "
            f"nb_travailleurs={self.workers})"
        )


_QUEUE_GET = asyncio.Queue.get.__code__


def _label(element: Any) -> str:
    """How a call reads under its bar: "traiter('colis-0a1b2c3d')"."""
    return f"traiter({short_argument(element)})"


def _runs(task: asyncio.Task[Any], code: object) -> bool:
    """The task's own coroutine is the function whose code is `code`."""
    return getattr(task.get_coro(), "cr_code", None) is code


def _holds_element(item: Any, element: Any) -> bool:
    if item is element:
        return True
    try:
        if item == element:
            return True
    except Exception:
        return False
    if isinstance(item, tuple | list):
        return any(_holds_element(part, element) for part in item)
    return False


@contextlib.contextmanager
def counting_takes(case: Scenario) -> Iterator[None]:
    """Note in `case.takes` which task takes each item from any asyncio.Queue
    during the block (`get` ends in `get_nowait`)."""
    original = asyncio.Queue.get_nowait

    def get_nowait(queue: asyncio.Queue[Any]) -> Any:
        item = original(queue)
        case.takes.append((asyncio.current_task(), item))
        return item

    asyncio.Queue.get_nowait = get_nowait  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        asyncio.Queue.get_nowait = original  # type: ignore[method-assign]


def scenario(
    arrivals: Sequence[tuple[str, float]],
    answers: Mapping[str, str],
    delays: Mapping[str, float],
    workers: int,
    failing: frozenset[str] = frozenset(),
) -> Scenario:
    activity = Activity()
    processor = Processor(answers, delays, activity, failing)

    def workers_gone() -> bool:
        return bool(processor.runners) and all(task.done() for task in processor.runners)

    source = Source(arrivals, activity, workers_gone)
    processor.source = source
    return Scenario(source, processor, workers, activity)


# Idle time after which a call that has not returned is reported as stuck:
# a correct answer is never idle for more than a few milliseconds (a pause of
# the source counts as activity), and the runner then still lets 50 loop
# iterations go by before it decides.
GRACE = 0.25
# Hang guard for a call that keeps busy without ending.
LIMIT = 5.0


async def call_watched(student: Student, case: Scenario, *, limit: float = LIMIT) -> Outcome:
    """Run the student's traiter_tout on `case`. A hang fails the test with a
    diagnosis; an exception is returned for the test to judge; a return gives
    an Outcome whose value is a `Finished`."""
    traiter_tout = student.function("traiter_tout")
    case.activity.last = perf_counter()
    coro = traiter_tout(case.source, case.processor.traiter, case.workers)

    def started(task: asyncio.Task[Any]) -> None:
        case.main = task

    with counting_takes(case):
        outcome = await student.outcome(
            run_watched(coro, case.activity, grace=GRACE, started=started),
            call=case.call,
            limit=limit,
        )
    longest = outcome.error.idle if isinstance(outcome.error, Stuck) else case.activity.longest
    record("09 plus long silence d'un appel, s", longest, GRACE, "upper")
    if isinstance(outcome.error, Stuck):
        fail_stuck(student, case, outcome.error)
    if isinstance(outcome.value, Finished):
        case.pending_at_return = set(outcome.value.pending)
        if outcome.value.refused:
            fail_refused(student, case, outcome.value.refused)
    return outcome


_REFUSED_ADVICE = (
    "une tâche annulée reçoit asyncio.CancelledError à l'endroit où elle attend : "
    "ne l'attrape pas (ni except BaseException, ni except: tout seul), ou alors "
    "termine la tâche (return) ; sinon personne ne peut l'arrêter, et les tests qui "
    "suivent risquent d'être bloqués"
)


def fail_refused(student: Student, case: Scenario, refused: list[str]) -> NoReturn:
    student.fail(
        "Des tâches continuent de tourner après avoir été annulées.",
        call=case.call,
        observed=f"{len(refused)} tâche(s) toujours en cours "
        f"{french.number(_CLEANUP_LIMIT)} s après tache.cancel() : " + count_alike(refused),
        expected="une tâche annulée s'arrête",
        advice=_REFUSED_ADVICE,
    )


async def finished_call(student: Student, case: Scenario, *, limit: float = LIMIT) -> Finished:
    """Like call_watched, but an exception from the student's code fails the test."""
    outcome = await call_watched(student, case, limit=limit)
    if outcome.error is not None:
        student.fail(
            "traiter_tout a levé une exception.",
            call=case.call,
            observed=describe_exception(outcome.error, student.tree),
            expected="un dictionnaire {élément: résultat}, sans exception",
            advice="attends les travailleurs annulés avec asyncio.gather(*travailleurs, "
            "return_exceptions=True) : sans return_exceptions=True, gather relance leur "
            "CancelledError"
            if isinstance(outcome.error, asyncio.CancelledError)
            else None,
        )
    result: Finished = outcome.value
    return result


def fail_stuck(student: Student, case: Scenario, stuck: Stuck) -> NoReturn:
    elements = case.elements
    done = len(set(case.processor.finished) & set(elements))
    received = len(case.source.delivered)
    where = "dans file.join()" if stuck.in_join else _where(stuck.main_chain)
    observed = [
        f"plus rien ne se passe depuis {french.decimal(stuck.idle, 1)} s, "
        f"et traiter_tout attend toujours {where}",
        f"éléments reçus de la source : {received}/{len(elements)}, "
        f"traités : {done}/{len(elements)}",
    ]
    if stuck.tasks:
        observed.append("tâches encore en vie : " + count_alike(stuck.tasks))
    if stuck.refused:
        observed.append(
            f"encore en cours {french.number(_CLEANUP_LIMIT)} s après tache.cancel() : "
            + count_alike(stuck.refused)
        )
    dead = case.processor.dead_runners()
    if dead:
        observed.append(
            f"{len(dead)} tâche(s) qui appelaient traiter se sont arrêtées sur une exception : "
            + count_alike([repr(error) for error in dead])
        )
    if stuck.refused and not stuck.in_join:
        advice = _REFUSED_ADVICE
    elif stuck.in_join and done == len(elements):
        advice = (
            "file.join() attend un file.task_done() pour chaque élément retiré de la file : "
            "appelle-le après chaque élément, dans un finally pour qu'il soit appelé même "
            "quand traiter lève une exception"
        )
    elif stuck.in_join and not stuck.waiting_in_get and dead:
        advice = (
            "un travailleur qui laisse passer l'exception de traiter meurt sans rien dire, et "
            "quand tous sont morts, plus personne ne retire les éléments de la file : attrape "
            "l'exception (except Exception as erreur) et range-la comme résultat"
        )
    elif stuck.in_join and not stuck.waiting_in_get:
        advice = (
            "plus aucun travailleur ne retire les éléments de la file : un travailleur ne "
            "doit s'arrêter ni quand la file est vide un instant (d'autres éléments peuvent "
            "encore arriver), ni quand traiter lève une exception ; fais-le tourner avec "
            "while True, et annule-le quand tout est fini"
        )
    elif stuck.in_join:
        advice = (
            "file.join() attend un file.task_done() pour chaque élément mis dans la file ; "
            "vérifie que chaque élément reçu est bien mis dans la file et traité"
        )
    elif any("annulée" in t for t in stuck.tasks):
        advice = _REFUSED_ADVICE
    elif any("wait_for" in t for t in stuck.tasks):
        advice = (
            "un travailleur qui attend l'élément suivant avec un délai (wait_for) et s'arrête "
            "quand il expire fait attendre ce délai pour rien une fois tout fini, et s'arrête "
            "trop tôt quand la file est vide un instant alors que d'autres éléments vont encore "
            "arriver : fais tourner les travailleurs avec while True et await file.get(), "
            "attends la fin du travail avec await file.join(), puis annule-les"
        )
    elif stuck.waiting_in_get:
        advice = (
            "les travailleurs ne s'arrêtent jamais d'eux-mêmes (ils attendent l'élément "
            "suivant) : attends la fin du travail avec await file.join(), puis annule-les "
            "avec tache.cancel() et attends-les avec asyncio.gather(..., return_exceptions=True)"
        )
    else:
        advice = "cherche une attente qui n'aboutit jamais"
    student.fail(
        "traiter_tout ne rend jamais la main.",
        requirement="E7",
        call=case.call,
        observed="\n             ".join(observed),
        expected="traiter_tout se termine dès que tous les éléments ont été traités",
        advice=advice,
    )


def count_alike(descriptions: Sequence[str]) -> str:
    """'a × 3, b' for ['a', 'a', 'b', 'a']."""
    counted = Counter(descriptions)
    return ", ".join(f"{d} × {n}" if n > 1 else d for d, n in counted.items())


def _where(chain: list[str]) -> str:
    inner = [link for link in chain[1:] if not link.startswith("<")]
    return f"dans {inner[0]}" if inner else "une tâche (ou un gather) qui ne se termine pas"


# -- what the tests judge, shared by the public and the hidden ones --------------
# The first failing test is the one a student reads: each names the mistake
# behind what it saw with the same words.


def as_dict(student: Student, case: Scenario, value: object) -> dict[object, object]:
    if not isinstance(value, dict):
        student.fail(
            "traiter_tout ne renvoie pas un dictionnaire.",
            call=case.call,
            observed=f"un objet {type(value).__name__} : {value!r:.200}",
            expected="un dictionnaire {élément: résultat}",
            requirement="E1",
        )
    return value


def too_few_at_once_advice(case: Scenario) -> str:
    """What to say when fewer than nb_travailleurs calls of traiter ran at
    once: too few workers, or the right number of them waiting for each other."""
    peak, workers = case.processor.in_flight.peak, case.workers_seen()
    if workers is not None and len(workers) == case.workers and peak == 1:
        return (
            f"tes {case.workers} travailleurs prennent bien chacun des éléments, mais un seul "
            "traite à la fois : quelque chose autour de await traiter(...) les fait attendre "
            "l'un l'autre, comme un verrou (asyncio.Lock) ou un sémaphore à une place. Ranger "
            "un résultat dans le dictionnaire ne demande aucun verrou : une coroutine n'est "
            "interrompue qu'à ses await"
        )
    return (
        f"démarre nb_travailleurs travailleurs (ici {case.workers}) avec "
        "asyncio.create_task : chacun prend un élément dans la file dès qu'il est libre, "
        "donc ils travaillent en même temps"
    )


def check_each_processed_once(student: Student, case: Scenario) -> None:
    processor = case.processor
    counts = processor.counts()
    if counts == Counter(case.elements) and not processor.cancelled:
        return
    never = [e for e in case.elements if e not in processor.started]
    twice = sorted((e for e, n in counts.items() if n > 1), key=repr)
    unknown = [e for e in processor.started if e not in processor.answers]
    observed = [f"{len(processor.started)} appel(s) à traiter pour {len(case.elements)} éléments"]
    if never:
        observed.append(f"{len(never)} élément(s) jamais traité(s), dont {never[0]!r}")
    if processor.cancelled:
        observed.append(
            f"{len(processor.cancelled)} traitement(s) interrompu(s) en cours de route "
            f"(annulés), dont {processor.cancelled[0]!r}"
        )
    if twice:
        observed.append(f"{len(twice)} élément(s) traité(s) plusieurs fois, dont {twice[0]!r}")
    if unknown:
        observed.append(f"traiter appelé avec {unknown[0]!r}, qui ne vient pas de la source")
    student.fail(
        "Chaque élément doit être traité exactement une fois.",
        call=case.call,
        observed="\n             ".join(observed),
        expected=f"{len(case.elements)} traitements menés jusqu'au bout, un par élément",
        advice=processing_advice(case),
        requirement="E6" if twice and set(twice) <= processor.failing else "E2",
    )


def processing_advice(case: Scenario) -> str:
    """What the fake's records say went wrong in the processing."""
    processor = case.processor
    twice = {e for e, n in processor.counts().items() if n > 1}
    never = [e for e in case.elements if e not in processor.started]
    cancelled_runners, returned_runners = case.stopped_runners()
    if never and (processor.cancelled or cancelled_runners):
        return (
            "les travailleurs ont été annulés alors que des éléments n'avaient pas encore été "
            "traités : n'annule les travailleurs qu'après await file.join(), qui attend que "
            "chaque élément mis dans la file ait été traité"
        )
    if processor.cancelled:
        return (
            "des traitements en cours ont été annulés alors que tous les éléments avaient "
            "déjà été pris dans la file : si tu annules après await file.join(), c'est que "
            "join() a rendu la main trop tôt, ce qui arrive quand file.task_done() est appelé "
            "avant la fin du traitement ; appelle-le seulement après traiter (dans un finally)"
        )
    taken = [item for _, item in case.takes]
    lost_falsy = [e for e in never if not e and e is not None and any(e is i for i in taken)]
    if lost_falsy:
        return (
            f"l'élément {lost_falsy[0]!r} est faux (comme 0 ou \"\") mais c'est un élément comme "
            "un autre, pas le signal de fin : compare ta sentinelle avec `is` (element is FIN), "
            "jamais avec la vérité de l'élément (`while element := …`, `if not element`)"
        )
    if twice and twice <= processor.failing:
        return (
            "on ne réessaie pas un élément dont le traitement a échoué : son exception est "
            "son résultat"
        )
    if twice:
        return (
            "chaque élément est pris une seule fois dans la file avec file.get() : les "
            "travailleurs se partagent les éléments, ils ne les traitent pas tous chacun"
        )
    if processor.dead_runners():
        return (
            "un travailleur qui laisse passer l'exception de traiter meurt sans rien dire ; "
            "attrape-la (except Exception as erreur) et range-la comme résultat"
        )
    if never and returned_runners:
        return (
            f"{returned_runners} travailleur(s) se sont arrêtés d'eux-mêmes (return) alors "
            "que la source n'avait pas fini : un travailleur ne s'arrête pas quand la file "
            "est vide un instant ; fais-le tourner avec while True et await file.get(), et "
            "annule-le quand tout est fini"
        )
    return (
        "chaque élément reçu de la source va dans la file, et un travailleur ne "
        "s'arrête pas quand la file est vide un instant : d'autres éléments peuvent "
        "encore arriver"
    )


def check_no_coroutine(student: Student, case: Scenario, results: dict[object, object]) -> None:
    forgotten = [e for e, r in results.items() if inspect.iscoroutine(r)]
    for element in forgotten:
        results[element].close()  # type: ignore[attr-defined]
    if forgotten:
        student.fail(
            "Les résultats sont des coroutines : traiter n'a jamais tourné.",
            call=case.call,
            observed=f"{len(forgotten)} résultat(s) sont des objets coroutine, dont celui de "
            f"{forgotten[0]!r} ; {len(case.processor.started)} appel(s) de traiter réellement "
            "exécuté(s)",
            expected="{élément: await traiter(élément)}",
            advice="traiter(element) ne fait que créer une coroutine : écris "
            "`await traiter(element)` pour obtenir le résultat",
            requirement="C4",
        )


def check_results(student: Student, case: Scenario, results: dict[object, object]) -> None:
    """E1: one result per element, under the element itself, the one traiter gave."""
    expected = case.processor.expected_results()
    if results == expected:
        return
    missing = [e for e in case.elements if e not in results]
    wrong = [e for e in case.elements if e in results and results[e] != expected[e]]
    extra = [k for k in results if k not in expected]
    observed = [f"{len(results)} résultat(s) pour {len(expected)} éléments"]
    if missing:
        observed.append(f"{len(missing)} élément(s) sans résultat, dont {missing[0]!r}")
    if wrong:
        observed.append(
            f"résultat de {wrong[0]!r} : {results[wrong[0]]!r} au lieu de {expected[wrong[0]]!r}"
        )
    if extra:
        observed.append(f"clé inattendue : {extra[0]!r}")
    student.fail(
        "Les résultats renvoyés ne sont pas les bons.",
        call=case.call,
        observed="\n             ".join(observed),
        expected="{élément: await traiter(élément)} pour chaque élément de la source",
        advice=processing_advice(case)
        if missing and case.processor.counts() != Counter(case.elements)
        else "chaque travailleur range le résultat de traiter(élément) sous la clé élément",
        requirement="E1",
    )


def check_nothing_left(student: Student, case: Scenario, done: Finished) -> None:
    if not done.leftover:
        return
    listed = count_alike(done.leftover)
    _, returned = case.stopped_runners()
    if returned and not any("annulée" in d for d in done.leftover):
        # Some workers stopped by themselves (a stop signal), the others still
        # wait: fewer signals than workers, typically one sentinel for all.
        advice = (
            f"{returned} travailleur(s) se sont arrêtés d'eux-mêmes, les autres attendent "
            "toujours un élément : un signal d'arrêt (une sentinelle) n'arrête que le "
            "travailleur qui le prend dans la file ; mets-en un par travailleur, ou annule "
            "les travailleurs après await file.join() et attends-les"
        )
    elif any("annulée" in d for d in done.leftover):
        advice = (
            "tache.cancel() ne fait que demander l'arrêt : la tâche ne s'arrête qu'au "
            "prochain tour de boucle ; attends les travailleurs annulés avec "
            "await asyncio.gather(*travailleurs, return_exceptions=True)"
        )
    else:
        advice = (
            "après await file.join(), annule chaque travailleur (tache.cancel()), puis "
            "attends-les avec await asyncio.gather(*travailleurs, return_exceptions=True)"
        )
    student.fail(
        "Des tâches tournent encore quand traiter_tout rend la main.",
        call=case.call,
        observed=f"{len(done.leftover)} tâche(s) encore en cours : {listed}",
        expected="aucune tâche en cours : tous les travailleurs arrêtés avant le retour",
        advice=advice,
    )

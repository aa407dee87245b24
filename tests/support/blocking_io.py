"""A synchronous, blocking client for the exercise on blocking libraries (ex06).

`BlockingClient.lire_profil(identifiant)` behaves like a call through a
synchronous library such as `requests`: it blocks the thread that runs it for
a fixed delay (with the GIL released, as a socket wait does), then returns the
profile. Every call records the thread that ran it and when, so that a test
can tell, whatever the student wrote, whether the calls ran in the event
loop's thread or elsewhere, how many overlapped, and how many times each
identifier was read.

With `loop` set, each call also asks that event loop to run a callback
(`call_soon_threadsafe`) and, once its delay is over, waits up to
`LOOP_PATIENCE` for it: a loop left free answers within milliseconds, while
a loop blocked by this very call (run in the loop's thread) or by a blocking
wait for the calls (thread.join(), future.result()) cannot answer during the
call, however fast or slow the machine is.

With `hold` set, a call does not start its delay before every identifier's
call has started (or `HOLD_PATIENCE` has passed): a right answer, which
starts them all together, then has them all in flight at once whatever the
machine's speed, while calls run one by one or a few at a time never are.
Once one call has waited in vain, the next ones no longer wait: the answer
is already wrong, and one call at a time would otherwise make the student
wait `HOLD_PATIENCE` per call. And once a call ends while not every
identifier's call has started, they can never all be in flight at once:
`observe(..., hold=True)` then stops the student's call (`STOPPED`), the
reads in progress or to come answer at once, and an answer reading one
profile at a time is told after its first read, not its last (0,45 s
instead of 0,9 with 6 identifiers).

A call run by the loop's own thread waits for neither: nothing can happen
before it returns, and the answer is already wrong (the verdict comes
sooner, and says that the loop ran the call itself).

Once an identifier's call starts a second time, the verdict is known (each
profile is read once): every call in progress or to come then answers at
once. Code that gives up on a slow read and reads it again is told as soon
as its second try starts (1 s, its own wait_for), not once that second read
has waited out the slow delay too (2,5 s). A right answer never reads an
identifier twice, so nothing changes for it.

With `failing` set, the first call for that identifier waits, in its
thread, until every other identifier's call has ended (or `FAIL_PATIENCE`
has passed), then raises `LectureRatee` instead of returning: when the error
reaches the student's code, no other call is in progress, so a right answer
(gather leaves the other calls running when one fails midway) has nothing
left running. A later call for that identifier (a retry) answers normally,
at once (it is a second read): code that retries until a read succeeds is
told, not kept reading forever.
Run by the loop's own thread, it raises at once (the others cannot start
before it returns).

A call waits its delay on the client's own `threading.Event`, not through
`time.sleep`: replacing that in the student's code changes nothing here.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import inspect
import math
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support.clock import loop_sleep, perf_counter
from tests.support.course_rules import LEFT_RUNNING
from tests.support.loop_lag import LOOP_LANE, LagMonitor, blocked_bars
from tests.support.measures import record
from tests.support.orphans import HARNESS_TASK, Leftovers
from tests.support.student import Outcome, Student, describe_exception
from tools.common import french
from tools.common.timeline import Bar, Comparison, compare


class LectureRatee(Exception):
    """What the client raises for the identifier it makes fail (`failing`)."""


@dataclass(frozen=True)
class ClientCall:
    """One call to `lire_profil`: its argument, the thread that ran it, and when."""

    identifiant: Any
    thread: int
    start: float
    end: float
    # With a `loop` to ask: seconds it took to run this call's callback, or
    # None when it did not run while the call was in progress.
    loop_answer: float | None = None


@dataclass
class BlockingClient:
    """Answers `profiles[identifiant]` after blocking `delays[identifiant]` seconds."""

    profiles: dict[Any, dict[str, Any]]
    delays: dict[Any, float]
    hold: bool = False
    loop: asyncio.AbstractEventLoop | None = None
    calls: list[ClientCall] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0
    started: int = 0
    # threading.get_ident() of the test's event loop thread (0: unknown).
    loop_thread: int = 0
    # A held call waited HOLD_PATIENCE in vain: the calls were not all in
    # flight together, and the next ones no longer wait (see the docstring).
    hold_failed: bool = False
    # Calls begun per identifier, finished or not.
    begun: collections.Counter[Any] = field(default_factory=collections.Counter)
    # The identifier whose first call raises LectureRatee once the others
    # have ended (None: every call answers), and how long that call waited
    # for them (None: it did not happen, or ran in the loop's thread).
    failing: Any = None
    failing_wait: float | None = None
    # Calls started when the first call ended while not all had (None: it did
    # not happen), and what to call, in the reading thread, when it happens.
    early_end: int | None = None
    on_early_end: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        # Calls run in any thread: the counters are only touched under the lock.
        self._lock = threading.Condition()
        # Calls in progress (identifier, thread, start), by their number:
        # beside `calls`, the ones a timeline draws as still running.
        self._running: dict[int, tuple[Any, int, float]] = {}
        # Set once the verdict is known (an identifier's call started twice,
        # or a held observation was stopped): calls no longer wait.
        self._answer_now = threading.Event()

    def lire_profil(self, identifiant: Any) -> dict[str, Any]:
        """Read one profile, blocking the calling thread (like requests.get)."""
        if identifiant not in self.profiles:
            raise KeyError(f"profil inconnu : {identifiant!r}")
        with self._lock:
            self.in_flight += 1
            self.started += 1
            self.peak = max(self.peak, self.in_flight)
            start = perf_counter()
            number = self.started
            self._running[number] = (identifiant, threading.get_ident(), start)
            self.begun[identifiant] += 1
            if self.begun[identifiant] > 1:
                self._answer_now.set()
            self._lock.notify_all()
            # A call run by the loop's own thread waits for nothing: the loop
            # can neither start another call nor answer before it returns,
            # and the answer is wrong whatever follows.
            in_loop = threading.get_ident() == self.loop_thread
            if self.hold and not in_loop and not self.hold_failed:
                self.hold_failed = not self._lock.wait_for(
                    lambda: self.started >= len(self.profiles), timeout=HOLD_PATIENCE
                )
            fails = identifiant == self.failing and self.begun[identifiant] == 1
            if fails and not in_loop:
                self._lock.wait_for(self._others_ended, timeout=FAIL_PATIENCE)
                self.failing_wait = perf_counter() - start
        answered: list[float] = []
        ran = threading.Event()
        if self.loop is not None:

            def answer() -> None:
                answered.append(perf_counter())
                ran.set()

            with contextlib.suppress(RuntimeError):  # a loop already closed
                self.loop.call_soon_threadsafe(answer)
        heard = False
        try:
            if fails:
                raise LectureRatee(f"le serveur n'a pas répondu pour le profil {identifiant}")
            self._answer_now.wait(self.delays[identifiant])
            if self.loop is not None and not in_loop:
                heard = ran.wait(LOOP_PATIENCE)
        finally:
            end = perf_counter()
            with self._lock:
                self.in_flight -= 1
                del self._running[number]
                self.calls.append(
                    ClientCall(
                        identifiant,
                        threading.get_ident(),
                        start,
                        end,
                        answered[0] - start if heard else None,
                    )
                )
                self._lock.notify_all()  # a failing call waits for the others' end
                early = self.early_end is None and self.started < len(self.profiles)
                if early:
                    self.early_end = self.started
                stop = self.on_early_end if early else None
                if stop is not None:  # the reads still to end need not wait
                    self._answer_now.set()
        if stop is not None:
            stop()
        return dict(self.profiles[identifiant])

    def _others_ended(self) -> bool:
        """Every identifier but `failing` has a call that ended (lock held)."""
        ended = {c.identifiant for c in self.calls}
        return self._answer_now.is_set() or all(
            i in ended for i in self.profiles if i != self.failing
        )

    def snapshot(self) -> tuple[list[ClientCall], list[tuple[Any, int, float]]]:
        """The calls finished, and those in progress (identifier, thread, start)."""
        with self._lock:
            return list(self.calls), list(self._running.values())

    def calls_in_thread(self, thread: int) -> list[ClientCall]:
        with self._lock:
            return [c for c in self.calls if c.thread == thread]

    def reads(self) -> collections.Counter[Any]:
        """How many calls each identifier got, finished or not: code that
        gave up on a slow read may return before that read ends."""
        with self._lock:
            return collections.Counter(self.begun)


# Delays of one call: distinct values on a grid between these bounds, the
# first identifier's always the longest, so calls never end in the order of the
# identifiers. Every wrong answer runs at least one whole call in the loop's
# thread, so the loop stalls for at least DELAY_MIN.
DELAY_MIN = 0.080
DELAY_MAX = 0.120
# Longest a held call waits for the others to start (see BlockingClient). A
# right answer starts its last call within 24 ms of its first at worst
# (measured in the hidden tests' docstring): 0,3 s keeps 12 times that, and is
# what an answer running a few calls at a time waits before its verdict.
HOLD_PATIENCE = 0.3
# Most identifiers in one call of the tests that do not count overlaps:
# asyncio's default thread pool has at least 5 threads (min(32, CPUs + 4)),
# so to_thread runs them all at once anywhere.
MOST_IDENTIFIERS = 5


def default_pool_size() -> int:
    """Threads of asyncio's default executor on this machine, which to_thread
    runs its calls in: as many identifiers as the overlap test may ask for
    all at once (5 would let an answer reading by batches of 5 pass)."""
    # The loop makes its default executor with ThreadPoolExecutor()'s own
    # default size, which depends on the Python (cpu_count, then
    # process_cpu_count from 3.13): ask the class rather than copy the rule.
    pool = concurrent.futures.ThreadPoolExecutor()
    pool.shutdown()  # no thread was started: nothing to wait for
    return pool._max_workers


# ...except when a test wants calls to wait for a free thread: more than the
# largest default pool (a lambda that reads the loop's variable late then
# reads another identifier).
MANY_IDENTIFIERS = 33
# One read among those, far slower: code that gives up on a slow read and
# reads the profile again (wait_for, then a second try) reads it twice.
SLOW_READ = 1.5
# How long a call asking the loop waits for its answer, after its delay: a
# free loop answers within milliseconds even on a loaded machine (measured in
# the hidden tests' docstring).
LOOP_PATIENCE = 0.5
# The worst loop stall a right answer showed when it was the verdict, half the
# shortest call; now only told, beside the verdict (the loop's answers), and
# measured by tools/maintainer/margins.py.
MAX_LAG_SHARE = 0.5
MAX_LAG = MAX_LAG_SHARE * DELAY_MIN
# Every call into the student's code ends well within this (a wrong answer
# running all calls in the loop, held and asking the loop, takes at most
# 5 * (DELAY_MAX + HOLD_PATIENCE + LOOP_PATIENCE) = 4,6 s; tests ask for one
# or the other, 3,1 s at most; with a failing read, FAIL_PATIENCE and 5 reads
# of 40 ms, 1,2 s).
CALL_LIMIT = 8.0
# The call where one read fails (observe_failed_read) judges only how many
# times each identifier was read: its other reads are short, so that it adds
# little to the grading.
FAILING_CASE_DELAY_MIN = 0.020
FAILING_CASE_DELAY_MAX = 0.040
# Longest the failing read waits for the others to end before it raises. A
# right answer starts them all with it and they end within their delay, 40 ms
# at most (worst wait measured in the hidden tests' docstring); only code
# that reads one identifier at a time, or has too few threads, waits it out.
FAIL_PATIENCE = 1.0
# After that call: how long the test waits for reads still in progress and
# tasks the call left running (a retry they start is still counted). A right
# answer leaves nothing (measured in the hidden tests' docstring).
SETTLE_PATIENCE = 0.5

NOMS = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Guido", "Katherine", "Linus", "Margaret"]
VILLES = ["Lyon", "Lille", "Nantes", "Brest", "Nice", "Metz", "Dijon", "Pau", "Tours"]


@dataclass(frozen=True)
class Case:
    identifiants: list[int]
    profiles: dict[Any, dict[str, Any]]
    delays: dict[Any, float]

    def client(
        self, *, hold: bool = False, loop: asyncio.AbstractEventLoop | None = None
    ) -> BlockingClient:
        return BlockingClient(self.profiles, self.delays, hold, loop)

    def expected(self) -> list[dict[str, Any]]:
        return [self.profiles[i] for i in self.identifiants]


def random_case(rng: random.Random, count: int) -> Case:
    """`count` identifiers; the first one the slowest to read, the others in
    random order (in reverse order one time in two)."""
    identifiants = rng.sample(range(100, 1000), count)
    # Never an order a wrong answer could give back by chance: sorted, or a
    # set's (`set(identifiants)` loses the order).
    while count > 2 and identifiants in (sorted(identifiants), list(set(identifiants))):
        rng.shuffle(identifiants)
    step = (DELAY_MAX - DELAY_MIN) / max(count - 1, 1)
    delays = [DELAY_MIN + step * i for i in range(count)]
    if count > 1:
        rest = delays[:-1]
        if rng.random() < 0.5:
            rest.reverse()
        else:
            rng.shuffle(rest)
        delays = [delays[-1], *rest]
    profiles = {
        i: {"id": i, "nom": rng.choice(NOMS), "ville": rng.choice(VILLES)} for i in identifiants
    }
    return Case(identifiants, profiles, dict(zip(identifiants, delays, strict=True)))


def failing_case(rng: random.Random, count: int) -> tuple[Case, Any]:
    """A random_case with short delays (FAILING_CASE_DELAY_*), and the
    identifier whose read fails, drawn at random: any position."""
    case = random_case(rng, count)
    scale = (FAILING_CASE_DELAY_MAX - FAILING_CASE_DELAY_MIN) / (DELAY_MAX - DELAY_MIN)
    delays = {i: FAILING_CASE_DELAY_MIN + (d - DELAY_MIN) * scale for i, d in case.delays.items()}
    failing = rng.choice(case.identifiants)
    # Drawn as ending with the last of the others, which it waits for.
    delays[failing] = max((d for i, d in delays.items() if i != failing), default=0.0)
    return Case(case.identifiants, case.profiles, delays), failing


@dataclass(frozen=True)
class Observation:
    case: Case
    client: BlockingClient
    outcome: Outcome
    duration: float
    worst_lag: float
    loop_thread: int
    # When the call began (perf_counter), the calls finished when it returned,
    # and those still in progress then (identifier, thread, start).
    started: float = 0.0
    finished: tuple[ClientCall, ...] = ()
    running: tuple[tuple[Any, int, float], ...] = ()

    @property
    def call(self) -> str:
        return f"recuperer_profils({self.case.identifiants}, client)"

    def timeline(self) -> Comparison:
        """The calls to the client as they ran, one row per thread (the loop's
        own thread on the row "boucle", with the loop blocked during the calls
        that asked it in vain), above the statement's shape: every call in a
        thread of its own, all started at once, each lasting its delay."""
        spans: list[tuple[Any, int, float, float | None]] = [
            (c.identifiant, c.thread, c.start, c.end) for c in self.finished
        ]
        spans += [(i, thread, start, None) for i, thread, start in self.running]
        spans.sort(key=lambda span: span[2])
        lanes: dict[int, str] = {self.loop_thread: LOOP_LANE}
        for _, thread, _, _ in spans:
            lanes.setdefault(thread, f"thread {len(lanes)}")
        origin = self.started
        calls = [
            Bar(f"lire_profil({i})", start - origin, None if end is None else end - origin,
                lanes[thread])
            for i, thread, start, end in spans
        ]  # fmt: skip
        # Calls in other threads during which the loop ran nothing: it was
        # blocked (waiting for them, say). Only asked with `ask_loop`.
        asked = self.client.loop is not None
        silent = [
            (c.start, c.end)
            for c in self.finished
            if asked and c.loop_answer is None and c.thread != self.loop_thread
        ]
        blocked = blocked_bars(silent, origin)
        expected = [
            Bar(f"lire_profil({i})", 0.0, self.case.delays[i], f"thread {n}")
            for n, i in enumerate(self.case.identifiants, 1)
        ]
        what = "un appel à lire_profil" + (", ou la boucle bloquée" if blocked else "")
        # The loop's row first when it starts with the calls: with more rows
        # than the terminal shows, it is the one to keep.
        return compare(what, [*blocked, *calls], expected)

    def unanswered(self) -> list[ClientCall]:
        """Calls during which the loop did not run their callback (asked only
        with `observe(..., ask_loop=True)`)."""
        return [c for c in self.client.calls if c.loop_answer is None]


async def observe(
    student: Student, case: Case, *, hold: bool = False, ask_loop: bool = False
) -> Observation:
    """Call the student's recuperer_profils once, with the loop's heartbeat on;
    `ask_loop`: every client call asks the loop to answer (BlockingClient)."""
    client = case.client(hold=hold, loop=asyncio.get_running_loop() if ask_loop else None)
    return await watched_call(student, case, client)


# What an observation holds as the call's value when it stopped the call: the
# verdict on overlap was known before its end (see the module's docstring).
STOPPED = object()


async def stopped_early(awaitable: Any, client: BlockingClient) -> Any:
    """The student's call as a task of the test's own, cancelled as soon as a
    read ends while not all have started; STOPPED if that cancelled it. A
    right answer starts every read before any ends (each waits for the
    others), so it is never stopped."""
    loop = asyncio.get_running_loop()
    call = asyncio.ensure_future(awaitable)
    call.set_name(f"{HARNESS_TASK}appel")  # the test's, not the student's

    def stop() -> None:
        with contextlib.suppress(RuntimeError):  # a loop already closed
            loop.call_soon_threadsafe(call.cancel)

    client.on_early_end = stop
    try:
        await asyncio.wait({call})
    finally:
        client.on_early_end = None
        if not call.done():  # the test itself cancelled (a hang): pass it on
            call.cancel()
            await asyncio.wait({call}, timeout=1)
    if call.cancelled() and client.early_end is not None:
        return STOPPED
    return call.result()


async def watched_call(student: Student, case: Case, client: BlockingClient) -> Observation:
    """One call of recuperer_profils on `client`, the loop's heartbeat on:
    what it returned or raised, how long it took and what the client saw."""
    recuperer_profils: Callable[..., Any] = student.function("recuperer_profils")
    client.loop_thread = threading.get_ident()
    call = f"recuperer_profils({case.identifiants}, client)"
    awaitable = recuperer_profils(list(case.identifiants), client)
    if client.hold:
        awaitable = stopped_early(awaitable, client)
    async with LagMonitor() as lag:
        start = perf_counter()
        outcome = await student.outcome(awaitable, call=call, limit=CALL_LIMIT)
        duration = perf_counter() - start
        finished, running = client.snapshot()
    return Observation(
        case,
        client,
        outcome,
        duration,
        lag.worst,
        threading.get_ident(),
        student.started,
        tuple(finished),
        tuple(running),
    )


@dataclass(frozen=True)
class FailedRead:
    """A call where the read of `failing` raised LectureRatee."""

    seen: Observation
    failing: Any
    # Calls begun per identifier, once what the call left behind had ended.
    reads: collections.Counter[Any]


async def observe_failed_read(student: Student, case: Case, failing: Any) -> FailedRead:
    """Call recuperer_profils once with `failing`'s read raising (BlockingClient),
    then let what it left behind end (SETTLE_PATIENCE) before counting reads.

    What the call returns or raises is not judged (the statement says nothing
    of failed reads), nor what it left running (C2, dropped for this call
    only): gather raises the first error it sees and leaves the other tasks
    running. The failing read raises only once the others' calls have ended,
    but each result still has to come back from its thread, after the end of
    lire_profil: on a loaded machine one can arrive just after the error, and
    a right answer that does more in its thread after the read (parsing the
    profile, say) leaves that running. C1 and C4 are judged as for any call."""
    client = case.client()
    client.failing = failing
    violations = len(student.rules.violations)
    leftovers = Leftovers()
    seen = await watched_call(student, case, client)
    student.rules.violations[violations:] = [
        v for v in student.rules.violations[violations:] if v.rule != LEFT_RUNNING
    ]
    returned = perf_counter()
    while (client.in_flight or leftovers.pending()) and perf_counter() - returned < SETTLE_PATIENCE:
        await loop_sleep(0.002)
    settled = perf_counter() - returned
    record("06 fin de ce qui tourne après une lecture ratée, s", settled, SETTLE_PATIENCE, "upper")
    if client.failing_wait is not None:
        record("06 attente des autres lectures par la lecture ratée, s", client.failing_wait,
               FAIL_PATIENCE, "upper")  # fmt: skip
    return FailedRead(seen, failing, client.reads())


def check_failed_read_once(student: Student, failed: FailedRead) -> None:
    """No identifier read more than once, the failing one included; an
    identifier never read is other tests' business."""
    reads = failed.reads
    again = [i for i in failed.seen.case.identifiants if reads[i] > 1]
    if not again:
        return
    failing = failed.failing
    # A retry starts once the failing read has raised. A second read begun
    # before that, or other identifiers read twice too, is code that reads
    # every identifier twice (a task, and then a call of its own for the
    # same identifier), not a retry: the advice is then about that.
    finished, running = failed.seen.client.snapshot()  # once what it left has ended
    reads_of_failing = sorted(
        [(c.start, c.end) for c in finished if c.identifiant == failing]
        + [(start, math.inf) for i, _, start in running if i == failing]
    )
    # The first read begun is the one that raised, at its end.
    before = any(start < reads_of_failing[0][1] for start, _ in reads_of_failing[1:])
    others = [i for i in again if i != failing]
    retried = failing in again and not before and not others
    observed = []
    if failing in again:
        observed.append(
            f"la lecture de {failing} a levé LectureRatee, puis {failing} a été lu "
            f"{reads[failing]} fois en tout"
            + (" (la lecture suivante avait commencé avant l'échec)" if before else "")
        )
    if others:
        observed.append(
            "lus plusieurs fois : " + ", ".join(f"{i} ({reads[i]} fois)" for i in others)
        )
    advice = (
        "une lecture qui échoue ne se relit pas : laisse l'exception sortir (asyncio.gather "
        "la transmet à l'appelant) au lieu d'appeler à nouveau client.lire_profil ; c'est "
        "à l'appelant de décider s'il réessaie"
        if retried
        else "un seul appel à client.lire_profil par identifiant : crée un seul "
        "asyncio.to_thread(client.lire_profil, identifiant) pour chacun, et garde son "
        "résultat, au lieu de le lire une seconde fois ailleurs"
    )
    student.fail(
        "Un profil a été lu plus d'une fois quand une lecture a échoué.",
        call=failed.seen.call,
        observed=" ; ".join(observed),
        expected="au plus un appel à client.lire_profil par identifiant, même quand une "
        "lecture lève une exception",
        advice=advice,
        requirement="E4",
    )


def fail_on_error(student: Student, seen: Observation) -> None:
    error = seen.outcome.error
    if error is None:
        return
    advice = None
    if isinstance(error, TypeError) and "not callable" in str(error):
        advice = (
            "passe à asyncio.to_thread la méthode elle-même, puis ses arguments : "
            "asyncio.to_thread(client.lire_profil, identifiant). Avec "
            "to_thread(client.lire_profil(identifiant)), l'appel a déjà eu lieu (dans la "
            "boucle) et to_thread reçoit son résultat au lieu d'une fonction"
        )
    student.fail(
        "L'appel a levé une exception.",
        call=seen.call,
        observed=describe_exception(error, student.tree),
        expected="la liste des profils, sans exception",
        advice=advice,
    )


def check_loop_responsive(student: Student, seen: Observation) -> None:
    """Every call to the client saw the loop answer while it was in progress
    (the observation must ask it: `observe(..., ask_loop=True)`)."""
    fail_on_error(student, seen)
    answers = [c.loop_answer for c in seen.client.calls if c.loop_answer is not None]
    record("06 réponse de la boucle pendant un appel, s", max(answers, default=0.0),
           LOOP_PATIENCE, "upper")  # fmt: skip
    silent = seen.unanswered()
    if not silent:
        return
    here = [c for c in silent if c.thread == seen.loop_thread]
    why = (
        "elle les exécutait elle-même"
        if len(here) == len(silent)
        else f"attendu jusqu'à {french.decimal(LOOP_PATIENCE, 1)} s après la fin de la lecture"
    )
    observed = (
        f"pendant {len(silent)} appel(s) au client sur {len(seen.client.calls)}, la boucle "
        f"n'a pas pu exécuter le moindre rappel ({why}) ; pire blocage "
        f"mesuré : {french.decimal(seen.worst_lag, 3)} s d'affilée"
    )
    advice = (
        "client.lire_profil est synchrone : appelé dans une coroutine, il bloque "
        "toute la boucle, même avec un await asyncio.sleep(0) autour ou dans une "
        "fonction async ; fais-le exécuter par un autre thread avec asyncio.to_thread"
    )
    if here:
        observed += (
            f"\n             {len(here)} de ces appels exécuté(s) par le thread de la boucle "
            "elle-même"
        )
    else:
        observed += (
            "\n             les appels ont pourtant tourné dans d'autres threads : c'est "
            "autre chose qui a bloqué la boucle, sans doute l'attente de leur fin"
        )
        advice = (
            "attendre un thread de façon bloquante (thread.join(), future.result()…) "
            "dans une coroutine fige la boucle aussi sûrement que l'appel lui-même ; "
            "attends sans bloquer : await asyncio.to_thread(client.lire_profil, "
            "identifiant), lancés ensemble avec asyncio.gather"
        )
    student.fail(
        "La boucle d'événements a été bloquée pendant les appels au client.",
        call=seen.call,
        observed=observed,
        expected="une boucle qui continue à tourner pendant chaque appel au client",
        advice=advice,
    )


def check_other_threads(student: Student, seen: Observation) -> None:
    fail_on_error(student, seen)
    here = seen.client.calls_in_thread(seen.loop_thread)
    if not here:
        return
    advice = (
        "await asyncio.to_thread(client.lire_profil, identifiant) exécute l'appel "
        "dans un thread à part et attend son résultat sans bloquer la boucle"
    )
    if len(seen.case.identifiants) == 1:
        advice = (
            "même pour un seul identifiant, l'appel direct fige la boucle pendant toute la "
            "lecture (rien à paralléliser, mais les autres coroutines attendent) : passe-le "
            "lui aussi par await asyncio.to_thread(client.lire_profil, identifiant), sans "
            "cas particulier"
        )
    student.fail(
        "Des appels au client ont tourné dans le thread de la boucle d'événements.",
        call=seen.call,
        observed=f"{len(here)} appel(s) sur {len(seen.client.calls)} exécuté(s) par le "
        "thread de la boucle",
        expected="chaque appel à client.lire_profil exécuté par un autre thread",
        advice=advice,
    )


def check_overlap(student: Student, seen: Observation, *, needed: int | None = None) -> None:
    """At least `needed` calls in flight at once (all of them by default: the
    observation must then hold its calls, `observe(..., hold=True)`)."""
    fail_on_error(student, seen)
    count = len(seen.case.identifiants)
    needed = count if needed is None else min(needed, count)
    peak = seen.client.peak
    starts = [c.start for c in seen.client.calls]
    if seen.client.hold and len(starts) == count > 1:
        # What HOLD_PATIENCE must outlast for a right answer (its margin).
        record("06 écart des démarrages des appels, s", max(starts) - min(starts),
               HOLD_PATIENCE, "upper")  # fmt: skip
    if peak >= needed:
        return
    if peak <= 1:
        advice = (
            "pendant qu'un thread attend le réseau, le GIL est libéré et d'autres "
            "threads avancent : crée un asyncio.to_thread(...) par identifiant et attends-les "
            "ensemble avec asyncio.gather, au lieu de les attendre un par un"
        )
    else:
        advice = (
            f"{peak} lectures à la fois seulement : pas de paquets ni de pool limité à "
            "quelques threads ; crée un asyncio.to_thread(...) par identifiant et attends-les "
            "tous ensemble avec un seul asyncio.gather"
        )
    observed = f"au plus {peak} appel(s) en cours à la fois, sur {count}"
    if seen.outcome.value is STOPPED:
        observed += (
            f" : le premier a fini quand {seen.client.early_end} sur {count} seulement avaient "
            "démarré (l'appel a été arrêté là)"
        )
    student.fail(
        "Les appels au client n'ont pas eu lieu tous en même temps.",
        call=seen.call,
        observed=observed,
        expected=f"les {count} appels lancés ensemble, donc {needed} en cours en même temps",
        advice=advice,
    )


def check_read_once(student: Student, seen: Observation) -> None:
    fail_on_error(student, seen)
    reads = seen.client.reads()
    wanted = seen.case.identifiants
    twice = [i for i in wanted if reads[i] > 1]
    never = [i for i in wanted if reads[i] == 0]
    if not twice and not never:
        return
    observed = []
    if twice:
        observed.append(
            "lus plusieurs fois : " + ", ".join(f"{i} ({reads[i]} fois)" for i in twice)
        )
    if never:
        observed.append("jamais lus : " + ", ".join(map(str, never)))
    advice = (
        "un seul appel à client.lire_profil par identifiant : crée un seul "
        "asyncio.to_thread(client.lire_profil, identifiant) pour chacun, et garde son résultat"
        if twice
        else "lis le profil de chaque identifiant reçu"
    )
    student.fail(
        "Des profils n'ont pas été lus exactement une fois.",
        call=seen.call,
        observed=" ; ".join(observed),
        expected=f"{len(wanted)} appel(s) à client.lire_profil, un par identifiant",
        advice=advice,
    )


def check_results(student: Student, seen: Observation) -> None:
    fail_on_error(student, seen)
    value = seen.outcome.value
    expected = seen.case.expected()
    items = list(value) if isinstance(value, list | tuple) else None
    if items == expected:
        return
    pending = (asyncio.Future, concurrent.futures.Future)
    if items and all(isinstance(i, pending) or inspect.isawaitable(i) for i in items):
        student.fail(
            "La fonction renvoie des appels en cours au lieu des profils.",
            call=seen.call,
            observed=f"une liste de {type(items[0]).__name__}",
            expected="la liste des profils",
            advice="attends-les : return await asyncio.gather(*appels)",
        )
    if items is None:
        student.fail(
            "recuperer_profils ne renvoie pas une liste.",
            call=seen.call,
            observed=f"un objet {type(value).__name__} : {value!r}"[:300],
            expected="la liste des profils, dans l'ordre des identifiants",
        )
    by_end = sorted(seen.client.calls, key=lambda c: c.end)
    if items == [seen.case.profiles[c.identifiant] for c in by_end]:
        student.fail(
            "Les profils sont rangés dans l'ordre où les appels se sont terminés.",
            call=seen.call,
            observed="le profil le plus rapide à lire en premier",
            expected="les profils dans l'ordre des identifiants reçus",
            advice="asyncio.gather renvoie les résultats dans l'ordre de ses arguments",
        )
    if len(items) == len(expected) and all(items.count(p) == expected.count(p) for p in expected):
        student.fail(
            "Les profils sont tous là, mais pas dans l'ordre des identifiants.",
            call=seen.call,
            observed="les bons profils, dans un autre ordre",
            expected="les profils dans l'ordre des identifiants reçus",
            advice="garde l'ordre de la liste reçue (pas de set, pas de tri) : "
            "asyncio.gather renvoie les résultats dans l'ordre de ses arguments",
        )
    mismatches = [i for i, (a, b) in enumerate(zip(items, expected, strict=False)) if a != b]
    where = f", premier écart à la position {mismatches[0]}" if mismatches else ""
    student.fail(
        "Les profils renvoyés ne correspondent pas aux identifiants.",
        call=seen.call,
        observed=f"{len(items)} élément(s){where}",
        expected=f"{len(expected)} profils, le i-ème étant celui du i-ème identifiant",
        advice="renvoie ce que client.lire_profil(identifiant) renvoie, pour chaque "
        "identifiant, dans l'ordre",
    )

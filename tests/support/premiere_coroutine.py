"""Support for exercise 01: calling a synchronous entry point, reading greetings.

The student's `main` is a plain function that owns its event loop
(`asyncio.run`), so it cannot be awaited under the test's loop. It runs in a
worker thread instead: the test waits for it with a bound and reports a hang
in French, where pytest-timeout's `thread` method (Windows) would end the whole
run. Prints from that thread still reach pytest's capture, which replaces
`sys.stdout` for the whole process.

While `main` runs, the module's `saluer` can be wrapped to note the event loop
each greeting runs in: a `main` that calls asyncio.run once per guest runs
them in as many loops, one after the other, which the test can then say.
The same wrapper notes when each greeting starts and ends (`Greetings`), and
so does `Greetings.timed` around the `saluer` a test calls itself: what the
failure's timeline draws (tools/common/timeline.py), each greeting a bar,
above all of them started at once, each lasting its own wait.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest

from tests.support.clock import perf_counter
from tests.support.never_awaited import record_never_awaited
from tests.support.student import Outcome, Student, describe_exception
from tools.common import french
from tools.common.thread_clock import ThreadClock
from tools.common.timeline import Bar, Comparison, compare
from tools.grading import loop_watchdog

T = TypeVar("T")

HELLO = "Bonjour {nom}..."
BYE = "...au revoir {nom} !"
# The statement's promise that main stays a plain function that runs the
# greetings itself (manifest.toml, exercise 01).
SYNC_MAIN = "E3"


@dataclass
class Duration:
    """How long a call of run_sync lasted in its thread, and how much of it
    that thread spent waiting for a CPU (0 where the system does not say,
    never a time it provably slept: tools/common/thread_clock.py): a busy
    machine's share, not the student's."""

    elapsed: float = 0.0
    queued: float = 0.0

    @property
    def own(self) -> float:
        return self.elapsed - self.queued


def run_sync(
    student: Student,
    function: Callable[..., Any],
    *args: Any,
    call: str,
    limit: float,
    duration: Duration | None = None,
) -> Outcome:
    """Call the student's synchronous `function(*args)` for at most `limit`
    seconds; its duration is written into `duration` when given."""
    box: list[Outcome] = []

    def target() -> None:
        clock = ThreadClock().start()  # opened here: it tells this thread's waiting
        start, queued = perf_counter(), clock.now()
        try:
            box.append(Outcome(value=function(*args)))
        except BaseException as exc:  # SystemExit too: it must not end the thread silently
            box.append(Outcome(error=exc))
        finally:
            end, queued = perf_counter(), clock.now() - queued
            clock.close()
            if duration is not None:
                duration.elapsed = end - start
                duration.queued = clock.waited(start, end, queued)

    worker = threading.Thread(target=target, name="main-de-l-eleve", daemon=True)
    # The zero of the timeline, as student.call sets it for a coroutine.
    student.started = perf_counter()
    worker.start()
    # The loop watchdog names the line where the student's loop is blocked
    # in this thread too (tools/grading/loop_watchdog.py).
    with loop_watchdog.watching(worker):
        worker.join(limit)
    if worker.is_alive() or not box:
        student.fail(
            "L'appel ne s'est pas terminé.",
            call=call,
            observed=f"toujours en cours après {french.number(limit)} s",
            expected="un appel qui se termine (une fraction de seconde suffit normalement)",
            advice="cherche une attente qui n'aboutit jamais, une boucle sans fin, ou un "
            "appel bloquant comme time.sleep",
        )
    return box[0]


def greeting_events(text: str, names: list[str]) -> list[tuple[str, str]]:
    """The greeting lines of `text`, in order, as ("bonjour" | "au revoir", name).

    Lines that are not a greeting of one of `names` are ignored: the student may
    print more. The Unicode ellipsis counts as three dots.
    """
    lines = {HELLO.format(nom=n): ("bonjour", n) for n in names}
    lines.update({BYE.format(nom=n): ("au revoir", n) for n in names})
    events = []
    for line in text.replace("…", "...").splitlines():
        event = lines.get(line.strip())
        if event is not None:
            events.append(event)
    return events


def describe_events(events: list[tuple[str, str]]) -> str:
    """The greetings as a student reads them, one short line per greeting."""
    if not events:
        return "aucune ligne de salutation affichée"
    return " | ".join((HELLO if kind == "bonjour" else BYE).format(nom=n) for kind, n in events)


def first_overlap_problem(events: list[tuple[str, str]], names: list[str]) -> str | None:
    """Why the greetings of `names` did not all start before the first one ended,
    or None if they did (each name greeted once, every hello before any goodbye)."""
    for name in names:
        for kind in ("bonjour", "au revoir"):
            count = events.count((kind, name))
            if count != 1:
                line = (HELLO if kind == "bonjour" else BYE).format(nom=name)
                return f"« {line} » affiché {count} fois au lieu d'une"
    hellos = [i for i, (kind, _) in enumerate(events) if kind == "bonjour"]
    byes = [i for i, (kind, _) in enumerate(events) if kind == "au revoir"]
    if byes and hellos and min(byes) < max(hellos):
        _, ended = events[min(byes)]
        _, late = events[max(hellos)]
        return (
            f"« {BYE.format(nom=ended)} » est affiché avant « {HELLO.format(nom=late)} » : "
            "une salutation s'est terminée avant que toutes aient commencé"
        )
    return None


WHAT = "une salutation (un appel de saluer)"


def describe_saluer(*args: Any) -> str:
    """A call of saluer as the `Appel` line names it: saluer('Ada', 0.06)."""
    shown = (f"{a:g}" if isinstance(a, float) else repr(a) for a in args)
    return f"saluer({', '.join(shown)})"


def describe_gather(guests: dict[str, float]) -> str:
    """The call that greets all `guests` at once, as the `Appel` line names it."""
    return "asyncio.gather(" + ", ".join(describe_saluer(*g) for g in guests.items()) + ")"


def greet_together(
    saluer: Callable[[str, float], Awaitable[Any]], guests: dict[str, float]
) -> asyncio.Future[list[Any]]:
    """That call: one `saluer(nom, duree)` per guest, all at once."""
    return asyncio.gather(*(saluer(nom, duree) for nom, duree in guests.items()))


@dataclass
class Greeting:
    """One call of the student's `saluer`: from its start to its end
    (perf_counter; None while it runs), and how it ended when not by
    returning ("annulée", "exception")."""

    args: tuple[Any, ...]
    loop: asyncio.AbstractEventLoop
    start: float
    end: float | None = None
    cut: str | None = None
    # When the loop first got a turn after the greeting began (perf_counter;
    # None if never): a callback queued at its start runs as soon as the
    # greeting gives the loop back, at its first real await. One that runs
    # only after the greeting ended means the greeting held the loop from
    # its first line to its last: structural, no clock bound.
    turn: float | None = None

    def loop_turn(self) -> None:
        if self.turn is None:
            self.turn = perf_counter()

    @property
    def held_the_loop(self) -> bool:
        """The greeting ran to its end without ever giving the loop a turn."""
        return (
            self.end is not None
            and self.cut is None
            and (self.turn is None or self.turn >= self.end)
        )


@dataclass
class Greetings:
    """The greetings one test ran, in the order they started.

    Given `first_to_end`, the guest whose greeting must end first, they stop
    main as soon as another one ends first, having given the loop turns: the
    test's verdict is then known, and waiting for the other greetings (one
    after another, or a few at a time) would only delay it. Stopping cancels
    every task of main's loop, so asyncio.run returns; then `stopped` is true
    and main's outcome means nothing."""

    calls: list[Greeting] = field(default_factory=list)
    first_to_end: Any = None
    stopped: bool = False
    _one_ended: bool = False

    async def record(self, args: tuple[Any, ...], greeting: Awaitable[T]) -> T:
        """Await `greeting` (the coroutine of saluer(*args)), noting when."""
        loop = asyncio.get_running_loop()
        call = Greeting(args, loop, perf_counter())
        self.calls.append(call)
        loop.call_soon(call.loop_turn)
        try:
            result = await greeting
        except BaseException as exc:  # the greeting's own, or its cancellation
            call.cut = "exception"
            if isinstance(exc, asyncio.CancelledError):
                call.cut = "arrêtée par le test" if self.stopped else "annulée"
            raise
        finally:
            call.end = perf_counter()
        self._stop_if_decided(call)
        return result

    def _stop_if_decided(self, ended: Greeting) -> None:
        first, self._one_ended = not self._one_ended, True
        if (
            not first
            or self.first_to_end is None
            or ended.args[:1] == (self.first_to_end,)
            or ended.held_the_loop  # test E2 says that one, after a whole run
        ):
            return
        self.stopped = True
        for task in asyncio.all_tasks(ended.loop):
            task.cancel()

    def timed(self, saluer: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        """`saluer`, each call recorded. The student's coroutine is created at
        the call, as without the wrapper; its clock starts when it first runs."""
        return lambda *args: self.record(args, saluer(*args))

    def bars(self, origin: float, apart: Any = None) -> tuple[Bar, ...]:
        """Each greeting, `origin` its zero. The one of the guest `apart` gets
        a row of its own; else, when they ran in several event loops, each
        loop gets its row."""
        loops = list(dict.fromkeys(id(c.loop) for c in self.calls))
        lanes = {key: f"boucle {i}" for i, key in enumerate(loops, 1)}
        by_loop = len(loops) > 1 and apart is None
        bars = (
            Bar(
                describe_saluer(*c.args) + (f" ({c.cut})" if c.cut else ""),
                c.start - origin,
                None if c.end is None else c.end - origin,
                _lane(c.args, apart) or (lanes[id(c.loop)] if by_loop else None),
            )
            for c in self.calls
        )
        return _apart_first(bars, apart)

    def all_at_once(
        self, origin: float, guests: Mapping[str, float], apart: str | None = None
    ) -> Comparison:
        """The greetings as they ran since `origin`, above the shape the
        statement asks for: every guest greeted at once, each one for its own
        wait."""
        expected = (
            Bar(describe_saluer(nom, duree), 0.0, duree, _lane((nom,), apart))
            for nom, duree in guests.items()
        )
        return compare(WHAT, self.bars(origin, apart), _apart_first(expected, apart))


def _lane(args: tuple[Any, ...], apart: Any) -> str | None:
    return str(apart) if apart is not None and args[:1] == (apart,) else None


def _apart_first(bars: Iterable[Bar], apart: Any) -> tuple[Bar, ...]:
    """The bar of the guest `apart` first among those that start together:
    the report's chart, cut after a few dozen bars, keeps it."""
    listed = tuple(bars)
    if apart is None:
        return listed
    return tuple(sorted(listed, key=lambda bar: bar.lane != str(apart)))


def one_greeting(call: str, elapsed: float, duree: float) -> Comparison:
    """One greeting that lasted `elapsed`, above one that waits `duree`."""
    return compare(WHAT, [Bar(call, 0.0, elapsed)], [Bar(call, 0.0, duree)])


def loop_kept_free(
    call: str, origin: float, ended: float, duree: float, stalls: Sequence[tuple[float, float]]
) -> Comparison:
    """saluer from `origin` to `ended`, and the stretches when the loop was
    free (LagMonitor.stalls the gaps between them), above saluer lasting
    `duree` with the loop free all along."""
    end = max([ended - origin] + [until - origin for _, until in stalls])
    loop: list[Bar] = []
    at = 0.0
    for since, until in sorted(stalls):
        if since - origin > at:
            loop.append(Bar("boucle libre", at, since - origin, "boucle"))
        at = max(at, until - origin)
    if at < end:
        loop.append(Bar("boucle libre", at, end, "boucle"))
    return compare(
        "saluer en cours, ou la boucle libre de faire autre chose",
        [Bar(call, 0.0, ended - origin, "saluer"), *loop],
        [Bar(call, 0.0, duree, "saluer"), Bar("boucle libre", 0.0, duree, "boucle")],
    )


@contextmanager
def loops_of_greetings(
    student: Student,
    loops: list[asyncio.AbstractEventLoop] | None,
    greetings: Greetings | None = None,
) -> Iterator[None]:
    """While the block runs, append to `loops` the event loop of every call of
    the module's `saluer` (its global, as `main` and `saluer_tout_le_monde`
    find it), and record each call in `greetings`. The loops are kept, not
    their ids: a closed loop's id can be reused by the next one."""
    module = student.module
    original = getattr(module, "saluer", None)
    if (loops is None and greetings is None) or not inspect.iscoroutinefunction(original):
        yield
        return

    @functools.wraps(original)
    async def saluer(*args: Any, **kwargs: Any) -> Any:
        if loops is not None:
            loops.append(asyncio.get_running_loop())
        if greetings is None:
            return await original(*args, **kwargs)
        return await greetings.record((*args, *kwargs.values()), original(*args, **kwargs))

    setattr(module, "saluer", saluer)  # noqa: B010 (a student module: no attribute known)
    try:
        yield
    finally:
        if getattr(module, "saluer", None) is saluer:
            setattr(module, "saluer", original)  # noqa: B010


def distinct_loops(loops: Sequence[object]) -> int:
    return len({id(loop) for loop in loops})


def check_main_is_plain(student: Student, main: Callable[..., Any], call: str) -> None:
    """E3: main stays a plain function; one defined with async def fails here,
    before any call: calling it would only create a coroutine."""
    if inspect.iscoroutinefunction(main):
        student.fail(
            "main doit rester une fonction normale.",
            call=call,
            observed="main est définie avec async def : l'appeler ne fait que créer une coroutine",
            expected="def main(invites): … qui lance elle-même la boucle d'événements",
            advice="garde def main(invites) et, à l'intérieur, "
            "noms = asyncio.run(saluer_tout_le_monde(invites))",
            requirement=SYNC_MAIN,
        )


def check_not_a_coroutine(
    student: Student,
    value: Any,
    events: list[tuple[str, str]],
    guests: Mapping[str, float],
    call: str,
) -> None:
    """E3: main returned a value, not a coroutine it never ran."""
    if not inspect.iscoroutine(value):
        return
    value.close()
    student.fail(
        "main renvoie une coroutine : les salutations n'ont jamais été lancées."
        if guests
        else "main renvoie une coroutine, qui n'a jamais tourné.",
        call=call,
        observed=f"un objet coroutine, et {describe_events(events)}",
        expected=f"les salutations affichées, puis la liste {list(guests)!r}"
        if guests
        else "la liste [] renvoyée",
        advice="appeler une fonction async ne l'exécute pas ; dans une fonction normale, "
        "asyncio.run(coroutine) la fait tourner jusqu'au bout et renvoie son résultat",
        requirement=SYNC_MAIN,
    )


def check_nothing_left_unawaited(student: Student, forgotten: Sequence[str], call: str) -> None:
    """E3: no coroutine created during main and never awaited (recorded
    around the call by record_never_awaited): `saluer_tout_le_monde(invites)`
    made before the empty dictionary's early return, one made twice and run
    once."""
    if not forgotten:
        return
    student.fail(
        "main laisse derrière elle une coroutine qui n'a jamais tourné.",
        call=call,
        observed=f"coroutine créée puis jamais attendue : {', '.join(sorted(set(forgotten)))} "
        "(« coroutine … was never awaited »)",
        expected="chaque coroutine créée passée à asyncio.run, ou attendue avec await",
        advice="appeler une fonction async ne fait que créer une coroutine : crée-la à "
        "l'endroit même où tu la donnes à asyncio.run (après le cas sans invité, s'il a "
        "un retour anticipé), et une seule fois",
        requirement=SYNC_MAIN,
    )


# A greeting that never gave the loop a turn blocked it for its whole run:
# said when that run lasted at least this share of its wait (time.sleep kept),
# not when it took no time at all (asyncio.sleep without await: test E1 says it).
MIN_HELD_RATIO = 0.25


def held_the_loop(greeting: Greeting) -> float | None:
    """How long `greeting` held the loop, when it ran from its first line to
    its last without giving the loop a turn for a good part of its wait."""
    wait = greeting.args[1] if len(greeting.args) > 1 else None
    if not greeting.held_the_loop or greeting.end is None or not isinstance(wait, int | float):
        return None
    seconds = greeting.end - greeting.start
    return seconds if seconds >= MIN_HELD_RATIO * wait else None


def check_loop_never_held(student: Student, greetings: Greetings, call: str) -> None:
    """E2, seen from main: no greeting ran from its first line to its last
    without giving the loop a turn (time.sleep kept in saluer)."""
    held = [(g, seconds) for g in greetings.calls if (seconds := held_the_loop(g)) is not None]
    if not held:
        return
    longest, seconds = max(held, key=lambda found: found[1])
    nom, wait = longest.args[0], longest.args[1]
    student.fail(
        "La boucle d'événements est restée bloquée pendant les salutations : les invités "
        "n'ont pas tous attendu en même temps.",
        call=call,
        observed=f"la salutation de {nom!r} (attente de {french.number(wait)} s) a gardé la "
        f"boucle {french.decimal(seconds * 1000, 0)} ms d'un trait, de son « Bonjour » à son "
        f"« au revoir », sans jamais lui rendre la main ({len(held)} salutation(s) sur "
        f"{len(greetings.calls)} ainsi) : aucune autre n'a pu avancer pendant ce temps",
        expected="chaque salutation rend la main à la boucle pendant son attente",
        advice="time.sleep endort tout le programme, boucle d'événements comprise ; dans "
        "saluer, await asyncio.sleep(duree) attend en laissant la boucle faire avancer les "
        "autres salutations",
        requirement="E2",
    )


def check_one_loop(
    student: Student, loops: Sequence[object], guests: Mapping[str, float], call: str
) -> None:
    """E7: every greeting ran in the one loop main's asyncio.run made."""
    if distinct_loops(loops) <= 1:
        return
    student.fail(
        "Les salutations ont tourné dans plusieurs boucles d'événements, l'une après l'autre.",
        call=call,
        observed=f"{distinct_loops(loops)} boucles d'événements différentes pour "
        f"{len(guests)} invités (une boucle par asyncio.run)",
        expected="une seule boucle, qui fait tourner toutes les salutations en même temps",
        advice="un seul asyncio.run dans main, qui lance saluer_tout_le_monde(invites) : "
        "c'est gather, dans cette unique boucle, qui fait avancer toutes les salutations "
        "en même temps",
        requirement="E7",
    )


def check_names(
    student: Student,
    value: Any,
    events: list[tuple[str, str]],
    guests: Mapping[str, float],
    call: str,
) -> None:
    """E4: the names, in the dictionary's order (not the order greetings ended)."""
    if isinstance(value, list | tuple) and list(value) == list(guests):
        return
    by_end = [name for kind, name in events if kind == "au revoir"]
    in_end_order = isinstance(value, list | tuple) and list(value) == by_end
    student.fail(
        "main renvoie les noms dans l'ordre où les salutations se sont terminées."
        if in_end_order
        else "main ne renvoie pas la liste des noms.",
        call=call,
        observed=repr(value),
        expected=f"{list(guests)!r}, dans l'ordre des invités",
        advice="asyncio.gather renvoie les résultats dans l'ordre des coroutines reçues ; "
        "asyncio.as_completed, lui, les donne dans l'ordre de fin"
        if in_end_order
        else "renvoie ce que renvoie asyncio.run(saluer_tout_le_monde(invites))",
        requirement="E4",
    )


def run_main(
    student: Student,
    capsys: pytest.CaptureFixture[str],
    guests: dict[str, float],
    *,
    loops: list[asyncio.AbstractEventLoop] | None = None,
    greetings: Greetings | None = None,
    limit: float = 5,
    duration: Duration | None = None,
) -> tuple[Any, list[tuple[str, str]], str]:
    """Call main(guests), then say what went wrong with it before the test's
    own check: main defined with async def, returning a coroutine or leaving
    one never awaited (E3), a
    greeting that held the loop (E2), several loops (E7), names not in the
    dictionary's order (E4). The event loop of each greeting is appended to
    `loops`, and each greeting is recorded in `greetings` (own ones when not
    given). When `greetings` stopped main, only E7 is checked: main's value
    is None, the events those printed until then. How long main ran is
    written into `duration` when given."""
    main = student.function("main", is_async=False)
    call = f"main({guests!r})"
    check_main_is_plain(student, main, call)
    loops = [] if loops is None else loops
    greetings = Greetings() if greetings is None else greetings
    capsys.readouterr()
    with record_never_awaited() as forgotten, loops_of_greetings(student, loops, greetings):
        outcome = run_sync(student, main, dict(guests), call=call, limit=limit, duration=duration)
    events = greeting_events(capsys.readouterr().out, list(guests))
    if greetings.stopped:
        # The test's own check decides (Greetings), after what was seen of E7.
        # Greetings stopped before their first step were never awaited: not
        # the student's doing, so not said.
        check_one_loop(student, loops, guests, call)
        return None, events, call
    if outcome.error is not None:
        student.fail(
            "L'appel a levé une exception.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="la liste des noms, sans exception",
        )
    check_not_a_coroutine(student, outcome.value, events, guests, call)
    check_nothing_left_unawaited(student, forgotten, call)
    # Drawn with the failures below; the test may draw its own instead.
    student.show(greetings.all_at_once(student.started, guests))
    check_loop_never_held(student, greetings, call)
    check_one_loop(student, loops, guests, call)
    check_names(student, outcome.value, events, guests, call)
    return outcome.value, events, call

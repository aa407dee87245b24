"""Downloads through a fake service that logs when each one starts and ends (ex08).

The log is in the loop's own order of events, so the checks are structural:
how many downloads were in flight at once (never above the limit, and the
limit reached), and whether the places freed while a slow download holds one
are taken at once by the urls that wait (a sliding window) rather than only
when a whole batch is over, or by a worker that was given those urls in
advance. Delays run on the loop's timers (`loop_sleep`), never on
`asyncio.sleep`.

The slow download is a rendezvous (`Downloads(hold_first=True)`): the first
download started ends as soon as every other url has started, which a
sliding window always reaches while it holds its place; it gives up only
when no download has started for HOLD_PATIENCE while urls still wait. A
correct answer starts one at least every DELAY_MAX (30 ms) until then:
measured over 4 × 120 calls of the solution and the right answers of
tests/alternatives/ex08_semaphore/, the longest gap between two starts was
32 ms on an idle machine and 59 ms with both cores busy, against 500 ms
(a margin of more than 8). Success never waits for the patience.

Places freed together (`Downloads(together=True)`): the first `limite`
downloads end in one step of the loop, once all of them have started. The
downloads then started in their places hold on until `limite` are in flight
again (or the urls left), so that a right answer is never judged on how fast
the loop runs: however many steps it takes to start them, none of them ends
before the places are all taken. An answer that starts one url per wake-up
of asyncio.wait, whatever the number of downloads ended, leaves places empty:
no download starts for HOLD_PATIENCE while urls wait, and it is told so.

During the call, `asyncio.Semaphore` and `asyncio.BoundedSemaphore` are
replaced by subclasses that count the semaphores created and the places
taken, so that a failure can say which of the usual mistakes it saw: one
semaphore per url (each has free places), or one place taken around the whole
gather. Code that imported the class before the call is not counted, and
then nothing is said about semaphores. No verdict depends on these counts:
a semaphore is the suggested road, not a promise (a few workers fed by a
queue keep every promise too).

The start and end of each download (`Downloads.spans`) are drawn with the
failures about overlap (`sliding_window`): the student's downloads above the
window the statement asks for, computed from the case's own delays, never
measured. Batches show their gaps, one at a time a single row, no limit one
row per url.
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import math
import random
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.clock import loop_sleep, perf_counter
from tests.support.concurrency import InFlight, short_argument
from tests.support.orphans import HARNESS_TASK
from tests.support.student import Outcome, Student, describe_exception
from tools.common import french
from tools.common.timeline import Bar, Comparison, compare

# Every call into the student's code ends well within this: the slowest
# correct run (20 urls of at most 30 ms through 2 slots) takes about 0.4 s;
# a wrong answer stuck behind the slow download waits HOLD_PATIENCE more.
CALL_LIMIT = 3.0
DELAY_MIN = 0.010
DELAY_MAX = 0.030
# The slow download gives up waiting for the other urls to start once none
# has started for this long while some still wait (see the module docstring).
HOLD_PATIENCE = 0.5
HOLD_POLL = 0.010

START = "début"
END = "fin"


class ErreurDeTelechargement(Exception):
    """What the fake `telecharger` raises for the url chosen to fail."""


@dataclass
class Wave:
    """The first `limite` downloads, ended together, and their places taken again."""

    target: int  # downloads in flight again once the wave has ended, if right
    ended: asyncio.Future[None]
    refilled: asyncio.Future[None]
    gave_up: bool = False  # the wave never had all its downloads started
    ended_at: float = 0.0
    refills: int = 0  # downloads started after the wave ended, until refilled
    refill_gave_up: bool = False
    # When it gave up: urls never started, downloads in flight.
    waiting: int = 0
    in_flight: int = 0


@dataclass
class Hold:
    """What happened while the slow download held its place."""

    url: str
    first_event: int  # index in Downloads.events of the first event after its start
    gave_up: bool = False
    # When it gave up: the events so far, urls never started, downloads in
    # flight (itself included).
    last_event: int = 0
    waiting: int = 0
    in_flight: int = 0
    places_held: int = 0


@dataclass
class Downloads:
    """One scenario: urls, their contents, and the fake `telecharger`."""

    urls: list[str]
    limite: int
    contents: dict[str, str]
    delay_of: Callable[[int, str], float]
    hold_first: bool = False
    # The first `limite` downloads end together (see the module docstring).
    together: bool = False
    wave: Wave | None = None
    # This url's download fails (ErreurDeTelechargement), every time, once
    # every other url has been downloaded: nothing else is then in flight.
    failing: str | None = None
    events: list[tuple[str, str]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    in_flight: InFlight = field(default_factory=InFlight)
    hold: Hold | None = None
    raised: BaseException | None = None
    start_times: list[float] = field(default_factory=list)
    # Each download's url, start and end (perf_counter; empty while it runs):
    # what the failure's timeline draws (tools/common/timeline.py).
    spans: list[tuple[str, float, list[float]]] = field(default_factory=list)
    # asyncio semaphores created during the call, and places taken in them.
    semaphores: int = 0
    # The places each of those semaphores was created with.
    semaphore_places: list[int] = field(default_factory=list)
    acquisitions: int = 0
    places_held: int = 0  # taken and not given back yet

    def __post_init__(self) -> None:
        self._last_start = perf_counter()

        async def telecharger(url: str) -> str:
            started = len(self.calls)
            self.calls.append(url)
            self.events.append((START, url))
            self._last_start = perf_counter()
            self.start_times.append(self._last_start)
            ended: list[float] = []
            self.spans.append((url, self._last_start, ended))
            self.in_flight.enter()
            try:
                if self.hold_first and started == 0:
                    await self._hold(url)
                elif self.together and started < self.limite:
                    await self._in_wave(started)
                elif self.wave is not None and not self.wave.refilled.done():
                    await self._refill()
                    await loop_sleep(self.delay_of(started, url))
                elif url == self.failing:
                    await self._last_one(url)
                else:
                    await loop_sleep(self.delay_of(started, url))
            finally:
                self.in_flight.leave()
                ended.append(perf_counter())
            if url == self.failing:
                self.events.append((END, url))
                self.raised = ErreurDeTelechargement(f"{url} ne répond pas")
                raise self.raised
            self.events.append((END, url))
            self.completed.append(url)
            return self.contents[url]

        self.operation = telecharger

    async def _hold(self, url: str) -> None:
        """Last until every other url has started, or until none has
        started for HOLD_PATIENCE while some still wait."""
        hold = self.hold = Hold(url, len(self.events))
        while True:
            waiting = len(set(self.urls) - set(self.calls))
            if not waiting:
                return
            if perf_counter() - self._last_start >= HOLD_PATIENCE:
                hold.gave_up = True
                hold.last_event = len(self.events)
                hold.waiting = waiting
                hold.in_flight = self.in_flight.current
                hold.places_held = self.places_held
                return
            await loop_sleep(HOLD_POLL)

    async def _in_wave(self, started: int) -> None:
        """Last until the first `limite` downloads have all started, then end
        with them, in one step of the loop (or give up with them when none
        has started for HOLD_PATIENCE before that)."""
        loop = asyncio.get_running_loop()
        if self.wave is None:
            self.wave = Wave(
                min(self.limite, len(self.urls) - self.limite),
                loop.create_future(),
                loop.create_future(),
            )
            loop.call_later(HOLD_POLL, self._watch_wave)
        if started == self.limite - 1:
            loop.call_soon(self._end_wave)
        await self.wave.ended

    def _end_wave(self, *, gave_up: bool = False) -> None:
        wave = self.wave
        assert wave is not None
        if wave.ended.done():
            return
        wave.gave_up = gave_up
        wave.ended_at = perf_counter()
        wave.ended.set_result(None)
        if gave_up or wave.target <= 0:
            wave.refilled.set_result(None)
        else:
            asyncio.get_running_loop().call_later(HOLD_POLL, self._watch_refill)

    def _watch_wave(self) -> None:
        assert self.wave is not None
        if self.wave.ended.done():
            return
        if perf_counter() - self._last_start >= HOLD_PATIENCE:
            self._end_wave(gave_up=True)
        else:
            asyncio.get_running_loop().call_later(HOLD_POLL, self._watch_wave)

    async def _refill(self) -> None:
        """Started in a place the wave freed: hold on until the places are
        all taken again (or none has started for HOLD_PATIENCE)."""
        wave = self.wave
        assert wave is not None
        wave.refills += 1
        if self.in_flight.current >= wave.target:
            asyncio.get_running_loop().call_soon(self._refilled)
        await wave.refilled

    def _refilled(self) -> None:
        assert self.wave is not None
        if not self.wave.refilled.done():
            self.wave.refilled.set_result(None)

    def _watch_refill(self) -> None:
        wave = self.wave
        assert wave is not None
        if wave.refilled.done():
            return
        if perf_counter() - max(self._last_start, wave.ended_at) >= HOLD_PATIENCE:
            wave.refill_gave_up = True
            wave.waiting = len(self.urls) - len(self.calls)
            wave.in_flight = self.in_flight.current
            wave.refilled.set_result(None)
        else:
            asyncio.get_running_loop().call_later(HOLD_POLL, self._watch_refill)

    async def _last_one(self, url: str) -> None:
        """Last until every other url has been downloaded, or until nothing
        has started or ended for HOLD_PATIENCE."""
        others = set(self.urls) - {url}
        seen = len(self.events)
        quiet_since = perf_counter()
        while not others <= set(self.completed):
            if len(self.events) != seen:
                seen, quiet_since = len(self.events), perf_counter()
            elif perf_counter() - quiet_since >= HOLD_PATIENCE:
                return
            await loop_sleep(HOLD_POLL)

    def during_hold(self) -> list[tuple[str, str]]:
        """The events of the other downloads while the slow one held its
        place (until it gave up)."""
        if self.hold is None:
            return []
        end = self.hold.last_event if self.hold.gave_up else len(self.events)
        return self.events[self.hold.first_event : end]

    @property
    def call(self) -> str:
        return f"telecharger_avec_limite(<{len(self.urls)} urls>, telecharger, {self.limite})"

    def expected(self) -> list[str]:
        return [self.contents[u] for u in self.urls]

    def completion_order(self) -> list[str]:
        return [self.contents[u] for kind, u in self.events if kind == END]

    # -- the timeline --------------------------------------------------------

    def bars(self, origin: float) -> tuple[Bar, ...]:
        """Every download as it ran, `origin` (perf_counter) its zero."""
        return tuple(
            Bar(_label(url), start - origin, ended[0] - origin if ended else None)
            for url, start, ended in self.spans
        )

    def window(self) -> tuple[Bar, ...]:
        """The shape the statement asks for, computed: the urls in their order
        through `limite` places, each place taken again as soon as its download
        ends, each download lasting its delay. The slow first download
        (`hold_first`) ends when the last url starts, the failing one when
        every other url has been downloaded."""
        held = {i for i, url in enumerate(self.urls) if url == self.failing}
        if self.hold_first and self.urls:
            held.add(0)
        times = self._places(held)
        if any(math.isinf(start) for start, _ in times):  # every place held: no wait drawn
            held, times = set(), self._places(set())
        others = [t for i, t in enumerate(times) if i not in held]
        for i in held:
            start = times[i][0]
            if self.hold_first and i == 0:
                times[i] = (start, max((s for s, _ in others), default=start))
            else:
                times[i] = (start, max((e for _, e in others), default=start))
        return tuple(
            Bar(_label(url), start, end) for url, (start, end) in zip(self.urls, times, strict=True)
        )

    def _places(self, held: set[int]) -> list[tuple[float, float]]:
        """(start, end) of each url through `limite` places; a held one keeps
        its place for ever."""
        free = [0.0] * max(1, self.limite)  # when each place is free again
        times = []
        for i, url in enumerate(self.urls):
            start = heapq.heappop(free)
            end = math.inf if i in held else start + self.delay_of(i, url)
            heapq.heappush(free, end)
            times.append((start, end))
        return times

    def sliding_window(self, origin: float) -> Comparison:
        """The downloads as they ran since `origin`, above the sliding window
        the statement asks for (`window`)."""
        return compare("un téléchargement", self.bars(origin), self.window())


def _label(url: str) -> str:
    """How a download reads under its bar: "telecharger('site-42/123')"."""
    return f"telecharger({short_argument(url)})"


def _contents(rng: random.Random, urls: list[str]) -> dict[str, str]:
    return {u: f"<page {rng.getrandbits(48):012x}>" for u in urls}


def _urls(rng: random.Random, count: int) -> list[str]:
    return [
        f"https://site-{n}.exemple.fr/{rng.randrange(1000)}" for n in rng.sample(range(100), count)
    ]


def random_downloads(rng: random.Random, count: int | None = None) -> Downloads:
    """10 to 20 urls (or `count`), a limit of 2 to 5, distinct delays out of
    url order (the second url ends before the first, whatever the limit)."""
    count = rng.randint(10, 20) if count is None else count
    urls = _urls(rng, count)
    step = (DELAY_MAX - DELAY_MIN) / max(count - 1, 1)
    delays = [DELAY_MIN + step * i for i in range(count)]
    while count > 1 and delays[0] <= delays[1]:
        rng.shuffle(delays)
    by_url = dict(zip(urls, delays, strict=True))
    return Downloads(urls, rng.randint(2, 5), _contents(rng, urls), lambda _, url: by_url[url])


def duplicated_downloads(rng: random.Random) -> Downloads:
    """Like random_downloads, with one url given twice (at two positions)."""
    case = random_downloads(rng, rng.randint(4, 8))
    twice = rng.randrange(len(case.urls) - 1)
    case.urls.insert(rng.randint(twice + 1, len(case.urls)), case.urls[twice])
    return case


def failing_downloads(rng: random.Random, *, first: bool) -> Downloads:
    """Like random_downloads, with the first (or the last) url failing."""
    case = random_downloads(rng)
    case.failing = case.urls[0] if first else case.urls[-1]
    return case


def few_downloads(rng: random.Random) -> Downloads:
    """Fewer urls than the limit (2 to limit - 1, the limit of 3 to 5): all
    of them are downloaded at the same time."""
    limite = rng.randint(3, 5)
    case = random_downloads(rng, rng.randint(2, limite - 1))
    case.limite = limite
    return case


def slow_first_downloads(rng: random.Random) -> Downloads:
    """Like random_downloads, but the first download started holds its place
    until every other url has started (see the module docstring)."""
    case = random_downloads(rng)
    case.hold_first = True
    return case


def together_downloads(rng: random.Random) -> Downloads:
    """Like random_downloads, but the first `limite` downloads end together
    (see the module docstring)."""
    case = random_downloads(rng)
    case.together = True
    wave = set(case.urls[: case.limite])
    delay_of = case.delay_of
    # Drawn as they run: the wave's downloads all end at the longest delay.
    case.delay_of = lambda i, url: DELAY_MAX if url in wave else delay_of(i, url)
    return case


@contextmanager
def counting_semaphores(case: Downloads) -> Iterator[None]:
    """Count in `case` the asyncio semaphores created in the block and the
    places taken in them (`async with` goes through `acquire`)."""
    originals = asyncio.Semaphore, asyncio.BoundedSemaphore

    def counting(base: type[asyncio.Semaphore]) -> type[asyncio.Semaphore]:
        class Counted(base):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                case.semaphores += 1
                case.semaphore_places.append(self._value)

            async def acquire(self) -> bool:
                case.acquisitions += 1
                taken: bool = await super().acquire()
                case.places_held += 1
                return taken

            def release(self) -> None:
                case.places_held -= 1
                super().release()

        Counted.__name__ = Counted.__qualname__ = base.__name__
        return Counted

    asyncio.Semaphore = counting(originals[0])  # type: ignore[misc]
    asyncio.BoundedSemaphore = counting(originals[1])  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        asyncio.Semaphore, asyncio.BoundedSemaphore = originals  # type: ignore[misc]


class Stalled(Exception):
    """The downloads stopped midway (`until_stalled`)."""


def _stopped_midway(case: Downloads) -> bool:
    return case.in_flight.current == 0 and 0 < len(case.calls) < len(case.urls)


async def until_stalled(case: Downloads, coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Await the student's coroutine, unless its downloads stop midway: none
    in flight, some urls never started, and nothing started nor ended for
    HOLD_PATIENCE. It is then cancelled and Stalled raised, at once rather
    than at CALL_LIMIT: a place never given back waits forever. A correct
    answer always has a download in flight until the last one ends (the
    longest gap between two starts is in the module docstring)."""
    call = asyncio.ensure_future(coroutine)
    call.set_name(f"{HARNESS_TASK}appel")  # the test's, not the student's
    seen, quiet_since = len(case.events), perf_counter()
    try:
        while not call.done():
            await asyncio.wait({call}, timeout=HOLD_POLL)
            if len(case.events) != seen:
                seen, quiet_since = len(case.events), perf_counter()
            elif _stopped_midway(case) and perf_counter() - quiet_since >= HOLD_PATIENCE:
                raise Stalled
        return call.result()
    finally:
        if not call.done():
            call.cancel()
            await asyncio.wait({call}, timeout=HOLD_PATIENCE)


async def run_outcome(student: Student, case: Downloads) -> Outcome:
    """Call the student's function once; a hang fails the test, an exception
    is returned for the test to judge."""
    telecharger_avec_limite = student.function("telecharger_avec_limite")
    hang: BaseException | None = None
    with counting_semaphores(case):
        coroutine = telecharger_avec_limite(list(case.urls), case.operation, case.limite)
        try:
            outcome: Outcome = await student.outcome(
                until_stalled(case, coroutine), call=case.call, limit=CALL_LIMIT
            )
        except pytest.fail.Exception as exc:  # student.outcome fails the test only on a hang
            hang = exc
    stalled = hang is None and isinstance(outcome.error, Stalled)
    if stalled or hang is not None:
        # Judged outside the except clause, so that the student does not see
        # the generic hang message chained before this one.
        if stalled or _stopped_midway(case):
            # A place never given back: the drawing shows the downloads stop.
            student.show(case.sliding_window(student.started))
            waited = HOLD_PATIENCE if stalled else CALL_LIMIT
            student.fail(
                "Les téléchargements se sont arrêtés en route.",
                requirement="E2",
                call=case.call,
                observed=f"{len(case.completed)} téléchargement(s) terminé(s) sur "
                f"{len(case.urls)}, puis plus aucun n'a démarré pendant "
                f"{french.number(waited)} s",
                expected="chaque place rendue dès qu'un téléchargement se termine, jusqu'à "
                "ce que toutes les urls soient téléchargées",
                advice="une place prise avec semaphore.acquire() n'est rendue que par "
                "semaphore.release() ; `async with semaphore:` la rend pour toi à la fin du "
                "bloc, même en cas d'erreur",
            )
        if hang is not None:
            raise hang
    return outcome


async def run(student: Student, case: Downloads) -> Any:
    """Call the student's function once; a hang or an exception fails the test."""
    outcome = await run_outcome(student, case)
    if outcome.error is not None:
        student.fail(
            "L'appel a levé une exception.",
            call=case.call,
            observed=describe_exception(outcome.error, student.tree),
            expected="la liste des contenus, sans exception",
            advice="asyncio.wait refuse un ensemble vide : avec une liste vide d'urls, "
            "renvoie [] sans rien attendre (asyncio.gather(), lui, renvoie déjà [])"
            if not case.urls and isinstance(outcome.error, ValueError)
            else None,
            requirement="E1",
        )
    return outcome.value


def check_never_above(student: Student, case: Downloads) -> None:
    peak = case.in_flight.peak
    if peak > case.limite:
        observed = f"jusqu'à {peak} téléchargements en cours à la fois"
        advice = (
            "crée un seul asyncio.Semaphore(limite) au début de l'appel et entoure "
            "chaque téléchargement de `async with semaphore:` ; un sémaphore créé pour "
            "chaque url ne limite rien"
        )
        downloads = len(case.calls)
        if case.semaphores > 1:
            observed += (
                f"\n             {case.semaphores} sémaphores différents créés pendant l'appel : "
                "chacun a ses propres places libres, donc aucun ne limite les autres"
            )
            advice = (
                "crée un seul asyncio.Semaphore(limite), une fois, au début de l'appel, et "
                "partage-le entre tous les téléchargements ; un sémaphore créé pour chaque "
                "url ne limite rien"
            )
        elif case.semaphores == 1 and case.semaphore_places[0] > case.limite:
            observed += (
                f"\n             ton sémaphore a été créé avec {case.semaphore_places[0]} places"
            )
            advice = "crée le sémaphore avec limite places : asyncio.Semaphore(limite)"
        elif case.semaphores == 1 and case.acquisitions < downloads:
            observed += (
                f"\n             une place du sémaphore prise {case.acquisitions} fois "
                f"seulement, pour {downloads} téléchargements"
            )
            advice = (
                "chaque téléchargement doit prendre sa propre place : `async with "
                "semaphore:` autour de chaque appel à telecharger, pas autour du gather entier"
            )
        elif case.semaphores == 1:
            advice = (
                "chaque téléchargement prend bien une place, mais la rend avant d'avoir fini : "
                "fais await telecharger(url) à l'intérieur du bloc `async with semaphore:` ; "
                "une tâche créée dans le bloc et attendue après en sort, place déjà rendue"
            )
        elif peak == case.limite + 1:
            advice = (
                "un téléchargement de trop : ta limite en laisse passer limite + 1 (une "
                "comparaison > au lieu de >= ?) ; asyncio.Semaphore(limite) et `async with "
                "semaphore:` autour de chaque téléchargement en laissent passer exactement limite"
            )
        student.fail(
            "Trop de téléchargements en même temps.",
            call=case.call,
            observed=observed,
            expected=f"jamais plus de {case.limite} (la limite) en cours à la fois",
            advice=advice,
            requirement="E3",
        )


def check_limit_reached(student: Student, case: Downloads) -> None:
    peak = case.in_flight.peak
    wanted = min(case.limite, len(case.urls))
    if peak >= wanted:
        return
    if wanted < case.limite:
        expected = (
            f"les {wanted} téléchargements en cours en même temps : il y a moins d'urls que "
            f"de places (limite = {case.limite})"
        )
    else:
        expected = (
            f"exactement {case.limite} (la limite) en cours à la fois tant qu'il reste des urls"
        )
    student.fail(
        "La limite n'est jamais atteinte : les téléchargements ne profitent pas de toutes "
        "les places.",
        call=case.call,
        observed=f"au plus {peak} téléchargement(s) en cours à la fois",
        expected=expected,
        advice="lance tous les téléchargements en même temps (asyncio.gather) et fais attendre "
        "seulement ceux qui sont en trop : async with semaphore: autour de chaque "
        "téléchargement",
        requirement="E4",
    )


def check_slot_reused(student: Student, case: Downloads) -> None:
    hold = case.hold
    if hold is None or not hold.gave_up:
        return
    during = case.during_hold()
    ends = sum(1 for kind, _ in during if kind == END)
    # Downloads started in a place freed meanwhile (after another one ended).
    first_end = next((i for i, (kind, _) in enumerate(during) if kind == END), len(during))
    refills = sum(1 for kind, _ in during[first_end:] if kind == START)
    observed = (
        f"pendant qu'un téléchargement lent occupait sa place, {hold.waiting} url(s) "
        f"attendaient mais seulement {hold.in_flight} téléchargement(s) étaient en cours, "
        f"et aucun n'a démarré pendant {french.decimal(HOLD_PATIENCE, 1)} s"
    )
    if case.semaphores == 1 and hold.places_held > hold.in_flight:
        observed += (
            f" ; pourtant {hold.places_held} places du sémaphore étaient prises : "
            f"{hold.places_held - hold.in_flight} téléchargement(s) fini(s) gardaient la leur"
        )
        advice = (
            "rends la place dès la fin du téléchargement : dans le `async with semaphore:`, "
            "seulement l'appel à telecharger, pas l'attente d'autre chose (l'ordre des "
            "contenus, un autre téléchargement…) ; asyncio.gather range déjà les résultats "
            "dans l'ordre des urls"
        )
    elif not during:
        observed += " : un seul téléchargement à la fois"
        advice = (
            "lance les téléchargements en même temps (asyncio.gather) : attendre chacun avant "
            "de lancer le suivant, c'est rester bloqué derrière le plus lent"
        )
    elif refills == 0:
        observed += f" ; {ends} autre(s) s'étaient terminés sans qu'aucun démarre à leur place"
        advice = (
            "ne découpe pas les urls en paquets attendus l'un après l'autre : un paquet "
            "attend son plus lent ; lance-les toutes avec un seul asyncio.gather, chacune "
            "dans un `async with semaphore:`"
        )
    else:
        observed += (
            f" ; {refills} téléchargement(s) avaient pris une place libérée entre-temps, "
            "puis les places libres sont restées vides alors que des urls attendaient"
        )
        advice = (
            "ne répartis pas les urls à l'avance (une part fixe par travailleur) : chaque "
            "place libérée prend la prochaine url qui attend, d'où qu'elle vienne ; un "
            "`async with semaphore:` autour de chaque téléchargement (ou une file commune où "
            "chacun se sert) le fait pour toi"
        )
    student.fail(
        "Une place libérée n'a pas servi tout de suite au téléchargement suivant.",
        call=case.call,
        observed=observed,
        expected=f"toujours {case.limite} téléchargements en cours tant qu'il reste des "
        "urls : dès qu'un se termine, le suivant démarre, sans attendre le plus lent",
        advice=advice,
        requirement="E5",
    )


def check_places_refilled(student: Student, case: Downloads) -> None:
    """After the wave of `together_downloads`: its places taken again."""
    wave = case.wave
    if wave is None or wave.gave_up or not wave.refill_gave_up:
        return
    student.fail(
        "Des places libérées en même temps sont restées vides.",
        call=case.call,
        observed=f"{case.limite} téléchargements ont fini au même moment ; ensuite, "
        f"{wave.refills} seulement a (ont) démarré à leur place, alors que {wave.waiting} "
        f"url(s) attendaient, puis aucun pendant {french.decimal(HOLD_PATIENCE, 1)} s "
        f"({wave.in_flight} en cours)",
        expected=f"{wave.target} téléchargements de nouveau en cours aussitôt : chaque "
        "téléchargement fini libère sa place pour une url qui attend, même quand "
        "plusieurs finissent ensemble",
        advice="relance autant d'urls qu'il y a de places libres, pas une seule par réveil : "
        "après asyncio.wait(..., return_when=FIRST_COMPLETED), plusieurs tâches peuvent être "
        "finies, donc une boucle while (tant qu'il reste une place et une url), pas un if ; "
        "un `async with semaphore:` autour de chaque téléchargement rend chaque place "
        "tout seul",
        requirement="E5",
    )


def _close_coroutines(values: list[Any]) -> int:
    """Close the coroutine objects among `values` (so that Python does not
    warn later, in another test); how many there were."""
    found = [v for v in values if inspect.iscoroutine(v)]
    for coroutine in found:
        coroutine.close()
    return len(found)


def check_contents(student: Student, case: Downloads, value: Any) -> None:
    expected = case.expected()
    if not isinstance(value, list | tuple):
        student.fail(
            "telecharger_avec_limite ne renvoie pas une liste.",
            call=case.call,
            observed=f"un objet {type(value).__name__}",
            expected="la liste des contenus, dans l'ordre des urls",
            requirement="E1",
        )
    got = list(value)
    coroutines = _close_coroutines(got)
    if coroutines:
        student.fail(
            "Les contenus renvoyés sont des coroutines, pas des contenus.",
            call=case.call,
            observed=f"{coroutines} coroutine(s) dans la liste renvoyée, et "
            f"{len(case.calls)} téléchargement(s) réellement faits",
            expected="la liste des contenus, dans l'ordre des urls",
            advice="telecharger(url) ne fait que créer une coroutine : mets await devant "
            "l'appel à telecharger pour obtenir le contenu",
            requirement="C4",
        )
    counts = Counter(case.calls)
    given = Counter(case.urls)  # an url given twice may be downloaded once or twice
    if set(counts) != set(given) or any(counts[u] > given[u] for u in counts):
        extra = sum(1 for u, c in counts.items() if c > given[u])
        missing = sum(1 for u in given if u not in counts)
        student.fail(
            "Chaque url doit être téléchargée exactement une fois.",
            call=case.call,
            observed=f"{len(case.calls)} appel(s) à telecharger ; en double : {extra}, "
            f"jamais téléchargées : {missing}",
            expected=f"{len(case.urls)} appels, un par url"
            + (" (pour une url en double : un ou deux)" if len(given) < len(case.urls) else ""),
            advice="un seul appel à telecharger par url : garde le contenu qu'il renvoie à "
            "sa place dans la liste (asyncio.gather renvoie les résultats dans l'ordre de "
            "ses arguments) plutôt que de télécharger à nouveau"
            if extra
            else None,
            requirement="E2",
        )
    if got == expected:
        return
    if len(got) > 1 and got == case.completion_order():
        student.fail(
            "Les contenus sont rangés dans l'ordre où les téléchargements se sont terminés.",
            call=case.call,
            observed="le contenu le plus rapide en premier",
            expected="les contenus dans l'ordre des urls reçues",
            advice="renvoie ce que asyncio.gather renvoie : les résultats dans l'ordre de ses "
            "arguments ; une liste remplie par append au fil des fins ne garde pas cet ordre",
            requirement="E1",
        )
    if len(set(case.urls)) < len(case.urls) and len(got) == len(set(case.urls)):
        student.fail(
            "Une url donnée deux fois n'a son contenu qu'une fois dans la liste renvoyée.",
            call=case.call,
            observed=f"{len(got)} contenus pour {len(case.urls)} urls, dont une en double",
            expected=f"{len(expected)} contenus, le i-ème étant celui de la i-ème url",
            advice="un dictionnaire {url: contenu} fusionne les urls en double : range les "
            "contenus par position (asyncio.gather le fait pour toi)",
            requirement="E1",
        )
    mismatches = [i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b]
    where = f", premier écart à la position {mismatches[0]}" if mismatches else ""
    student.fail(
        "Les contenus renvoyés ne correspondent pas aux urls.",
        call=case.call,
        observed=f"{len(got)} élément(s){where}",
        expected=f"{len(expected)} contenus, le i-ème étant celui de la i-ème url",
        requirement="E1",
    )


def _holds(error: BaseException, target: BaseException) -> bool:
    """`error` is `target`, or an ExceptionGroup (a TaskGroup's) holding it."""
    if error is target:
        return True
    if isinstance(error, BaseExceptionGroup):
        return any(_holds(inner, target) for inner in error.exceptions)
    return False


def check_error_not_retried(student: Student, case: Downloads, outcome: Outcome) -> None:
    failing = case.failing
    assert failing is not None
    call = case.call + f", telecharger({failing!r}) lève ErreurDeTelechargement"
    tries = case.calls.count(failing)
    if tries > 1:
        student.fail(
            "Une url dont le téléchargement a échoué a été téléchargée à nouveau.",
            call=call,
            observed=f"{tries} appels à telecharger pour cette url",
            expected="un seul appel par url, même quand il lève une exception",
            advice="ne réessaie pas : une url est téléchargée une seule fois ; laisse "
            "l'exception sortir de telecharger_avec_limite",
            requirement="E6",
        )
    if case.raised is None:
        student.fail(
            "L'url qui échoue n'a jamais été téléchargée.",
            call=call,
            observed=f"{len(case.calls)} appel(s) à telecharger pour {len(case.urls)} urls",
            expected="un appel à telecharger par url",
            requirement="E2",
        )
    if outcome.error is None:
        shown = repr(outcome.value)
        student.fail(
            "L'exception de telecharger a disparu.",
            call=call,
            observed=f"telecharger_avec_limite a renvoyé {shown[:200]}"
            + (" […]" if len(shown) > 200 else ""),
            expected=f"l'exception {case.raised!r} sort de telecharger_avec_limite",
            advice="n'attrape pas l'exception de telecharger (ni return_exceptions=True) : "
            "asyncio.gather la laisse sortir d'elle-même",
            requirement="E6",
        )
    if not _holds(outcome.error, case.raised):
        student.fail(
            "Ce n'est pas l'exception de telecharger qui sort.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected=f"{case.raised!r} (telle quelle, ou dans l'ExceptionGroup d'un TaskGroup)",
            advice="laisse passer l'exception de telecharger telle quelle, sans la remplacer",
            requirement="E6",
        )

"""Downloads through a fake service that logs when each one starts and ends (ex08).

The log is in the loop's own order of events, so the checks are structural:
how many downloads were in flight at once (never above the limit, and the
limit reached), and whether a slot freed by a finished download is taken at
once by a waiting one (a sliding window) rather than only when a whole batch
is over. Delays run on the loop's timers (FakeService), never on
`asyncio.sleep`.

During the call, `asyncio.Semaphore` and `asyncio.BoundedSemaphore` are
replaced by subclasses that count the semaphores created and the places
taken, so that a failure can say which of the usual mistakes it saw: one
semaphore per url (each has free places), or one place taken around the whole
gather. Code that imported the class before the call is not counted, and
then nothing is said about semaphores.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.harness import french
from tests.harness.concurrency import FakeService
from tests.harness.student import Outcome, Student, describe_exception

# Every call into the student's code ends well within this: the slowest
# correct run (20 urls of at most 30 ms through 2 slots, or the 200 ms slow
# download) takes about 0.3 s.
CALL_LIMIT = 3.0
DELAY_MIN = 0.010
DELAY_MAX = 0.030
# The first download started is this slow in the sliding-window test: long
# enough for several short downloads to go through the other slots.
SLOW = 0.200

START = "début"
END = "fin"


@dataclass
class Downloads:
    """One scenario: urls, their contents, and the fake `telecharger`."""

    urls: list[str]
    limite: int
    contents: dict[str, str]
    delay_of: Callable[[int, str], float]
    events: list[tuple[str, str]] = field(default_factory=list)
    # asyncio semaphores created during the call, and places taken in them.
    semaphores: int = 0
    acquisitions: int = 0

    def __post_init__(self) -> None:
        self.fake: FakeService[str] = FakeService("telecharger", self._answer, self._delay)

    def _delay(self, url: str) -> float:
        # FakeService asks for the delay as the download starts.
        started = sum(1 for kind, _ in self.events if kind == START)
        self.events.append((START, url))
        return self.delay_of(started, url)

    def _answer(self, url: str) -> str:
        self.events.append((END, url))
        return self.contents[url]

    @property
    def call(self) -> str:
        return f"telecharger_avec_limite(<{len(self.urls)} urls>, telecharger, {self.limite})"

    def expected(self) -> list[str]:
        return [self.contents[u] for u in self.urls]

    def completion_order(self) -> list[str]:
        return [self.contents[u] for kind, u in self.events if kind == END]

    def slot_reuse(self) -> tuple[bool, int] | None:
        """While the first download runs, after another one ends with urls
        still waiting: did a new download start before the first one ended?

        Returns (reused, downloads finished meanwhile), or None when the
        situation never arose (everything was started at once, or nothing
        else ended during the first download).
        """
        if not self.events or self.events[0][0] != START:
            return None
        first = self.events[0][1]
        started = 1
        freed = False
        finished = 0
        for kind, url in self.events[1:]:
            if kind == END and url == first:
                break
            if kind == START:
                started += 1
                if freed:
                    return True, finished
            else:
                finished += 1
                if started < len(self.urls):
                    freed = True
        return (False, finished) if freed else None


def _contents(rng: random.Random, urls: list[str]) -> dict[str, str]:
    return {u: f"<page {rng.getrandbits(48):012x}>" for u in urls}


def _urls(rng: random.Random, count: int) -> list[str]:
    return [
        f"https://site-{n}.exemple.fr/{rng.randrange(1000)}" for n in rng.sample(range(100), count)
    ]


def random_downloads(rng: random.Random) -> Downloads:
    """10 to 20 urls, a limit of 2 to 5, distinct delays out of url order
    (the second url ends before the first, whatever the limit)."""
    count = rng.randint(10, 20)
    urls = _urls(rng, count)
    step = (DELAY_MAX - DELAY_MIN) / (count - 1)
    delays = [DELAY_MIN + step * i for i in range(count)]
    while delays[0] <= delays[1]:
        rng.shuffle(delays)
    by_url = dict(zip(urls, delays, strict=True))
    return Downloads(urls, rng.randint(2, 5), _contents(rng, urls), lambda _, url: by_url[url])


def slow_first_downloads(rng: random.Random) -> Downloads:
    """Like random_downloads, but the first download started lasts SLOW."""
    case = random_downloads(rng)
    delay = case.delay_of
    case.delay_of = lambda started, url: SLOW if started == 0 else delay(started, url)
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

            async def acquire(self) -> bool:
                case.acquisitions += 1
                return await super().acquire()  # type: ignore[no-any-return]

        Counted.__name__ = Counted.__qualname__ = base.__name__
        return Counted

    asyncio.Semaphore = counting(originals[0])  # type: ignore[misc]
    asyncio.BoundedSemaphore = counting(originals[1])  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        asyncio.Semaphore, asyncio.BoundedSemaphore = originals  # type: ignore[misc]


async def run(student: Student, case: Downloads) -> Any:
    """Call the student's function once; a hang or an exception fails the test."""
    telecharger_avec_limite = student.function("telecharger_avec_limite")
    hang: BaseException | None = None
    with counting_semaphores(case):
        coroutine = telecharger_avec_limite(list(case.urls), case.fake.operation, case.limite)
        try:
            outcome: Outcome = await student.outcome(coroutine, call=case.call, limit=CALL_LIMIT)
        except pytest.fail.Exception as exc:  # student.outcome fails the test only on a hang
            hang = exc
    if hang is not None:
        # Judged outside the except clause, so that the student does not see
        # the generic hang message chained before this one.
        calls = len(case.fake.calls)
        if case.fake.in_flight.current == 0 and 0 < calls < len(case.urls):
            student.fail(
                "Les téléchargements se sont arrêtés en route.",
                call=case.call,
                observed=f"{len(case.fake.completed)} téléchargement(s) terminé(s) sur "
                f"{len(case.urls)}, puis plus aucun n'a démarré pendant "
                f"{french.number(CALL_LIMIT)} s",
                expected="chaque place du sémaphore rendue dès qu'un téléchargement se termine",
                advice="une place prise avec semaphore.acquire() n'est rendue que par "
                "semaphore.release() ; `async with semaphore:` la rend pour toi à la fin du "
                "bloc, même en cas d'erreur",
            )
        raise hang
    if outcome.error is not None:
        student.fail(
            "L'appel a levé une exception.",
            call=case.call,
            observed=describe_exception(outcome.error, student.tree),
            expected="la liste des contenus, sans exception",
        )
    return outcome.value


def check_never_above(student: Student, case: Downloads) -> None:
    peak = case.fake.in_flight.peak
    if peak > case.limite:
        observed = f"jusqu'à {peak} téléchargements en cours à la fois"
        advice = (
            "crée un seul asyncio.Semaphore(limite) au début de l'appel et entoure "
            "chaque téléchargement de `async with semaphore:` ; un sémaphore créé pour "
            "chaque url ne limite rien"
        )
        downloads = len(case.fake.calls)
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
        elif case.semaphores == 1 and case.acquisitions < downloads:
            observed += (
                f"\n             une place du sémaphore prise {case.acquisitions} fois "
                f"seulement, pour {downloads} téléchargements"
            )
            advice = (
                "chaque téléchargement doit prendre sa propre place : `async with "
                "semaphore:` autour de chaque appel à telecharger, pas autour du gather entier"
            )
        student.fail(
            "Trop de téléchargements en même temps.",
            call=case.call,
            observed=observed,
            expected=f"jamais plus de {case.limite} (la limite) en cours à la fois",
            advice=advice,
        )


def check_limit_reached(student: Student, case: Downloads) -> None:
    peak = case.fake.in_flight.peak
    if peak < case.limite:
        student.fail(
            "La limite n'est jamais atteinte : les téléchargements ne profitent pas de toutes "
            "les places.",
            call=case.call,
            observed=f"au plus {peak} téléchargement(s) en cours à la fois",
            expected=f"exactement {case.limite} (la limite) en cours à la fois tant qu'il "
            "reste des urls",
            advice="lance tous les téléchargements avec asyncio.gather et laisse le sémaphore "
            "faire attendre ceux qui sont en trop : async with semaphore: autour de chaque "
            "téléchargement",
        )


def check_slot_reused(student: Student, case: Downloads) -> None:
    reuse = case.slot_reuse()
    if reuse is not None and not reuse[0]:
        student.fail(
            "Une place libérée n'a pas servi tout de suite au téléchargement suivant.",
            call=case.call,
            observed=f"pendant un téléchargement lent, {reuse[1]} autre(s) se sont terminés "
            "et aucun n'a démarré à leur place : tout attendait le plus lent",
            expected=f"toujours {case.limite} téléchargements en cours tant qu'il reste des "
            "urls : dès qu'un se termine, le suivant démarre",
            advice="ne découpe pas les urls en paquets attendus l'un après l'autre : lance-les "
            "toutes avec un seul asyncio.gather, chacune dans un `async with semaphore:`",
        )


def check_contents(student: Student, case: Downloads, value: Any) -> None:
    expected = case.expected()
    if not isinstance(value, list | tuple):
        student.fail(
            "telecharger_avec_limite ne renvoie pas une liste.",
            call=case.call,
            observed=f"un objet {type(value).__name__}",
            expected="la liste des contenus, dans l'ordre des urls",
        )
    got = list(value)
    counts: dict[str, int] = {}
    for (url,) in case.fake.calls:
        counts[url] = counts.get(url, 0) + 1
    if counts != dict.fromkeys(case.urls, 1):
        extra = sum(1 for c in counts.values() if c > 1)
        missing = sum(1 for u in case.urls if u not in counts)
        student.fail(
            "Chaque url doit être téléchargée exactement une fois.",
            call=case.call,
            observed=f"{len(case.fake.calls)} appel(s) à telecharger ; en double : {extra}, "
            f"jamais téléchargées : {missing}",
            expected=f"{len(case.urls)} appels, un par url",
        )
    if got == expected:
        return
    if got == case.completion_order():
        student.fail(
            "Les contenus sont rangés dans l'ordre où les téléchargements se sont terminés.",
            call=case.call,
            observed="le contenu le plus rapide en premier",
            expected="les contenus dans l'ordre des urls reçues",
            advice="renvoie ce que asyncio.gather renvoie : les résultats dans l'ordre de ses "
            "arguments ; une liste remplie par append au fil des fins ne garde pas cet ordre",
        )
    mismatches = [i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b]
    where = f", premier écart à la position {mismatches[0]}" if mismatches else ""
    student.fail(
        "Les contenus renvoyés ne correspondent pas aux urls.",
        call=case.call,
        observed=f"{len(got)} élément(s){where}",
        expected=f"{len(expected)} contenus, le i-ème étant celui de la i-ème url",
    )

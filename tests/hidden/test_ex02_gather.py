"""Exercice 02 — tests cachés (notés, jamais distribués aux élèves).

Urls, contenus et délais sont tirés au hasard à chaque exécution. Les délais
ne sont jamais dans l'ordre des urls, ni les urls dans l'ordre alphabétique :
une réponse qui renverrait les contenus dans l'ordre de fin des
téléchargements, ou triés par url, est toujours prise.

Ce qui est jugé (les E de manifest.toml) :
- E1, les contenus dans l'ordre des urls ; aussi avec une seule url, et avec
  un téléchargement très lent (1,5 s) parmi des rapides : une réponse qui
  abandonne les téléchargements trop longs (asyncio.wait avec timeout=1…)
  perd son contenu ;
- E2, tous en cours en même temps : compté, sans horloge, sur 50 urls (une
  réponse par paquets de 5, de 10 ou de 20 plafonne sous 50). Jugé dès
  qu'un téléchargement finit alors que les 50 n'ont pas tous démarré :
  jamais les 50 ne seront alors en cours ensemble (FirstEnd) ;
- E3, borne de temps (test_duree_proche_du_plus_long_delai) : 10 délais
  distincts entre 92,5 et 112,5 ms. La durée jugée est celle du thread de la
  boucle, sans le temps où il attendait un processeur libre (OwnTime) : une
  réponse juste y a mis 0,43 s une fois sur 2 000 sous une charge de 11. Une
  réponse concurrente dure le plus long délai (≤ 0,11 s), une réponse
  séquentielle leur somme (≥ 1 s). La borne, 3,5 fois le plus long délai (≤
  0,39 s), laisse 3,5 fois le temps nécessaire et reste 2,5 fois sous le temps
  de la réponse séquentielle. L'appel est arrêté 0,05 s après la borne
  (stopped_after) : il échoue alors de toute façon, et une url téléchargée
  deux fois avant l'arrêt est dite d'abord ;
- E3, la main rendue dès la fin du dernier téléchargement (même test) :
  compté en tours de boucle, pas à l'horloge. Une réponse juste rend la main
  en quelques tours (le temps que gather, TaskGroup ou wait voient la fin) ;
  une réponse qui vérifie de temps en temps si tout est fini (asyncio.sleep
  dans une boucle) laisse la boucle sans rien à faire jusqu'à sa prochaine
  vérification. Jugé seulement au-delà de AFTER_LAST_TURNS tours et de
  AFTER_LAST_SECONDS : une vérification toutes les 0,02 s ou plus est prise
  (le plus long délai finit loin des vérifications, AFTER_LAST_LONGEST), une
  plus fréquente ne fait presque plus attendre, et une machine chargée, qui
  retarde les tours sans en ajouter, ne fait pas échouer une réponse juste.
  Elle peut cacher l'attente d'une fausse, en arrêtant le processus de la fin
  du dernier téléchargement jusqu'après la vérification suivante : deux appels
  plus courts (AFTER_LAST_SHORTER) suivent, et il faudrait un tel arrêt à
  chacun des trois ;
- E1, E4 et C4, une url donnée deux fois (test_une_url_donnee_deux_fois) :
  son contenu aux deux positions, un ou deux téléchargements au choix, et
  aucune coroutine oubliée (un dictionnaire {url: coroutine} garde la
  dernière des deux et oublie l'autre : relevé autour de l'appel, pour le
  dire) ;
- E4, une seule fois par url, compté ; aussi quand un téléchargement échoue
  (une réponse qui retente l'url ratée la télécharge deux fois). Compté aussi
  dans le test de durée, avant sa borne : une réponse qui retélécharge chaque
  url après gather dure la somme des délais, et ce test, le premier qu'elle
  échoue, dit alors la vraie cause ;
- E5, liste vide : renvoie une liste vide (asyncio.wait, lui, refuse un
  ensemble vide) ;
- E6, une erreur remonte, telle quelle ou dans un ExceptionGroup (un
  asyncio.TaskGroup l'y range : l'énoncé l'accepte), l'url ratée étant la
  première de la liste dans un test, la dernière dans l'autre. Après l'erreur,
  rien n'est exigé des autres téléchargements : gather les laisse finir.
  L'url ratée échoue soit la première (les autres tournent encore : une
  réponse qui les annule puis relit leurs résultats lève CancelledError),
  soit la dernière (les autres sont finis) : les quatre cas à chaque fois.

Règles du cours (manifest.toml, `common`) : C4 seulement, mesurée autour de
chaque appel (une liste de coroutines créée puis remplacée par une autre).
C2 n'est pas retenue : quand un téléchargement échoue, gather laisse les
autres continuer un moment, et l'exercice (la leçon de gather) ne demande pas
de les arrêter. C3 non plus : gather lit lui-même les erreurs qui suivent la
première. C1 non plus : rien n'y calcule ni n'attend autrement qu'avec le
`telecharger` du test, et une réponse bloquante échoue déjà à E2 et E3.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import string
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tests.support.clock import perf_counter
from tests.support.concurrency import FakeService
from tests.support.downloads import OUT_OF_ORDER_ADVICE, fail_if_pending, out_of_order
from tests.support.measures import record
from tests.support.never_awaited import record_never_awaited
from tests.support.orphans import HARNESS_TASK
from tests.support.student import Student, describe_exception
from tools.common import french
from tools.common.thread_clock import ThreadClock

COUNT = 10
MANY = 50  # more than any batch size a student might pick
BOUND_FACTOR = 3.5
SLOW = 1.5  # one very slow download, beyond a "safety" timeout of 1 s
# From the last download's end to the call's return: a right answer takes 0
# to 2 loop turns (measured on the solution, the alternatives and the blind
# right answers, 3.11 to 3.13); waiting on a timer of its own, the loop turns
# freely until it fires. Both bounds must be passed to fail.
AFTER_LAST_TURNS = 20
AFTER_LAST_SECONDS = 0.005
# The longest delay of that test: never on a check of an answer that checks
# every 0.2, 0.1, 0.05, 0.04, 0.025 or 0.02 s (12,5 ms after one for 0.1, 0.05
# and 0.02 s, half-way between two for 0.025 s, 7,5 ms before one for 0.04 s).
# On a check (a longest delay of 0.1 s, say), the check, drifting later with
# each wake-up, can fall just after the end.
AFTER_LAST_LONGEST = 0.1125
# Two more calls, judged on that alone: an answer that checks every 0,1 s is
# then checked 12,5, 37,5 and 62,5 ms before the last end, every 0,05 s 12,5,
# 37,5 and 12,5 ms before it.
AFTER_LAST_SHORTER = (0.0375, 0.0625)
# The call of E3's duration test is stopped this long after its bound: it
# fails then, whatever it does next (stopped_after).
STOP_MARGIN = 0.05


class TelechargementRate(Exception):
    """The error a failing download raises."""


def random_urls(rng: random.Random, count: int) -> list[str]:
    """`count` distinct urls, never in alphabetical order (when count > 1)."""
    while True:
        names = [f"{rng.choice(string.ascii_lowercase)}{i:02d}" for i in range(count)]
        rng.shuffle(names)
        urls = [f"https://site-{n}.exemple.fr/{rng.randrange(1000)}" for n in names]
        if count < 2 or urls != sorted(urls):
            return urls


def random_service(
    rng: random.Random,
    count: int = COUNT,
    *,
    delays: list[float] | None = None,
    failing_at: int | None = None,
    longest: float = 0.100,
) -> tuple[list[str], dict[str, str], FakeService[str]]:
    """Urls, their contents, and the fake `telecharger`; the url at index
    `failing_at`, if any, raises TelechargementRate after its delay. Unless
    `delays` are given, distinct delays from `longest` - 20 ms to `longest`."""
    urls = random_urls(rng, count)
    failing = urls[failing_at] if failing_at is not None else None
    if delays is None:
        # Distinct delays from a grid, shuffled until they are out of url order.
        delays = [longest - 0.020 * i / max(count - 1, 1) for i in range(count)]
        while count > 1 and delays == sorted(delays):
            rng.shuffle(delays)
    contents = {u: f"<page {rng.getrandbits(48):012x}>" for u in urls}
    by_url = dict(zip(urls, delays, strict=True))

    def answer(url: str) -> str:
        if url == failing:
            raise TelechargementRate(f"{url} ne répond pas")
        return contents[url]

    return urls, contents, FakeService("telecharger", answer, by_url.__getitem__)


def describe(urls: list[str]) -> str:
    return f"telecharger_tout(<{len(urls)} urls>, telecharger)"


async def timed(awaitable: Awaitable[Any], span: list[float]) -> Any:
    """Await the student's coroutine alone and append when it started and
    ended (perf_counter): the course's rules measured around the call (two
    garbage collections, 40 to 300 ms on a loaded runner) stay out of it."""
    span.append(perf_counter())
    try:
        return await awaitable
    finally:
        span.append(perf_counter())


# What the test's own wrappers return for a call they stopped (FirstEnd,
# stopped_after): the verdict was known before the call's end.
STOPPED = object()


@contextlib.asynccontextmanager
async def harness_call(awaitable: Awaitable[Any]) -> AsyncIterator[asyncio.Future[Any]]:
    """The student's call as a task of the test's own, cancelled on the way
    out if it is still running (given a second to end, as a hang would be)."""
    call = asyncio.ensure_future(awaitable)
    call.set_name(f"{HARNESS_TASK}appel")  # the test's, not the student's
    try:
        yield call
    finally:
        if not call.done():
            call.cancel()
            await asyncio.wait({call}, timeout=1)


class FirstEnd:
    """Stops the student's call at the first download that leaves flight
    (ended, failed or cancelled) while not all `count` have started: all of
    them can then never be in flight at once, whatever the call does next,
    and E2's verdict is known. A batched answer is told at the end of its
    first download, not of its last batch (10 batches of 0,1 s for batches
    of 5). A right answer starts every download before any timer can fire
    (gather, TaskGroup and create_task start them in one turn of the loop),
    so it is never stopped: the peak it reaches is the same either way. Only
    an answer that downloads an url more than once could have reached the
    peak after such an end; it is wrong anyway (E4), and told E2 instead."""

    def __init__(self, fake: FakeService[str], count: int) -> None:
        self.fake = fake
        self.count = count
        self.started = 0  # downloads started when the first one left flight
        self.stopped = False
        self._call: asyncio.Future[Any] | None = None

    async def operation(self, url: str) -> str:
        """The test's `telecharger`: the fake one, watched."""
        try:
            return await self.fake.operation(url)
        finally:
            if len(self.fake.calls) < self.count and not self.stopped:
                self.started = len(self.fake.calls)
                self.stopped = True
                if self._call is not None:
                    self._call.cancel()

    async def until(self, awaitable: Awaitable[Any]) -> Any:
        """The call's value, or STOPPED once a download left flight too early."""
        async with harness_call(awaitable) as call:
            self._call = call
            await asyncio.wait({call})
            return STOPPED if self.stopped else call.result()


class OwnTime:
    """Seconds of this thread (the loop's) without the time it waited for a
    CPU (tools/common/thread_clock.py): on a loaded machine, a right answer is
    late only because the loop's thread, ready to go on, waits for a core.
    Counted, that wait failed E3's duration bound once in 2 000 right
    answers under a load of 11 (0,43 s against 0,39 s). Elsewhere than on
    Linux nothing is taken out, which errs on the strict side."""

    def __init__(self) -> None:
        self.clock = ThreadClock().start()  # this thread's, the loop's
        self.queued = self.clock.now()

    def since(self, start: float, end: float | None = None) -> float:
        """Seconds from `start` to `end` (perf_counter; now by default), less
        the waiting for a CPU the kernel counted since this clock started, at
        most what the span holds apart from proven sleeps."""
        end = perf_counter() if end is None else end
        return end - start - self.clock.waited(start, end, self.clock.now() - self.queued)

    def close(self) -> None:
        self.clock.close()


async def stopped_after(
    awaitable: Awaitable[Any], span: list[float], seconds: float, own: OwnTime
) -> Any:
    """The call's value, or STOPPED once it has run `seconds` of its own since
    it began (`span[0]`, set by `timed`). Past E3's bound the test fails
    whatever the call does next: a second round of downloads after gather is
    told when the bound is passed, not a second later."""
    async with harness_call(awaitable) as call:
        while not call.done():
            ran = own.since(span[0]) if span else 0.0
            if ran > seconds:
                return STOPPED
            await asyncio.wait({call}, timeout=seconds - ran + 0.001)
        return call.result()


class AfterLast:
    """Loop turns and seconds from the end of the last download to the return
    of the student's call (the end `timed` notes in `span`). From that end, a
    callback that schedules itself again with call_soon runs once per turn of
    the loop, until the call returns or it has counted past AFTER_LAST_TURNS:
    a few hundred microseconds of turning at most, whatever the call then
    waits for."""

    def __init__(self, count: int, span: list[float]) -> None:
        self.count = count
        self.span = span
        self.ended = 0
        self.last: float | None = None
        self.turns = 0

    def wrap(self, operation: Callable[[str], Awaitable[str]]) -> Callable[[str], Awaitable[str]]:
        """The test's `telecharger`, counting the downloads that ended."""

        async def telecharger(url: str) -> str:
            try:
                return await operation(url)
            finally:
                self.ended += 1
                if self.ended == self.count:
                    self.last = perf_counter()
                    asyncio.get_running_loop().call_soon(self.turn)

        return telecharger

    def turn(self) -> None:
        if len(self.span) < 2 and self.turns <= AFTER_LAST_TURNS:
            self.turns += 1
            asyncio.get_running_loop().call_soon(self.turn)

    @property
    def seconds(self) -> float:
        if self.last is None or len(self.span) < 2:
            return 0.0
        return self.span[1] - self.last


async def watched_call(
    student: Student,
    telecharger_tout: Callable[..., Awaitable[Any]],
    urls: list[str],
    fake: FakeService[str],
    *,
    stop_after: tuple[float, OwnTime] | None = None,
) -> tuple[Any, list[float], AfterLast]:
    """One call of E3's test: its value (STOPPED if `stop_after` seconds of
    its own passed first, see stopped_after), when it began and ended, and
    what followed the last download's end."""
    span: list[float] = []
    after = AfterLast(len(urls), span)
    called = timed(telecharger_tout(urls, after.wrap(fake.operation)), span)
    if stop_after is not None:
        called = stopped_after(called, span, *stop_after)
    value = await student.call(called, call=describe(urls), limit=10)
    return value, span, after


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


@pytest.mark.exigence("E2")
@pytest.mark.asyncio
async def test_tous_les_telechargements_en_meme_temps(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, _, fake = random_service(rng, MANY)
    first_end = FirstEnd(fake, MANY)
    contenus = await student.call(
        first_end.until(telecharger_tout(urls, first_end.operation)), call=describe(urls), limit=10
    )
    if contenus is not STOPPED:
        fail_if_pending(student, describe(urls), contenus)
    student.show(fake.all_at_once(student.started, "un téléchargement", [(u,) for u in urls]))
    if fake.in_flight.peak != MANY:
        observed = f"au plus {fake.in_flight.peak} téléchargement(s) en cours à la fois"
        if contenus is STOPPED:
            observed += (
                f" : le premier a fini quand {first_end.started} sur {MANY} seulement "
                "avaient démarré"
            )
        student.fail(
            "Les téléchargements n'ont pas tous eu lieu en même temps.",
            call=describe(urls),
            observed=observed,
            expected=f"les {MANY} téléchargements en cours en même temps",
            advice="crée toutes les coroutines, puis attends-les ensemble : "
            "await asyncio.gather(*coroutines)",
        )


@pytest.mark.exigence("E3")
@pytest.mark.asyncio
async def test_duree_proche_du_plus_long_delai(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, _, fake = random_service(rng, longest=AFTER_LAST_LONGEST)
    longest = max(map(fake.delay, urls))
    total = sum(map(fake.delay, urls))
    with contextlib.closing(OwnTime()) as own:
        contenus, span, after = await watched_call(
            student,
            telecharger_tout,
            urls,
            fake,
            stop_after=(BOUND_FACTOR * longest + STOP_MARGIN, own),
        )
        # A call that ignored its cancellation has not ended yet: it ran until now.
        start, end = span[0], span[1] if len(span) > 1 else perf_counter()
        elapsed = own.since(start, end)
    stopped = contenus is STOPPED
    if not stopped:
        fail_if_pending(student, describe(urls), contenus)
    student.show(fake.all_at_once(student.started, "un téléchargement", [(u,) for u in urls]))
    # Downloading each url again after gather also takes the sum of the delays:
    # the student reads this test's failure first, so it names that cause.
    check_each_url_once(student, urls, fake, stopped=stopped)
    record("02 durée / plus long délai", elapsed / longest, BOUND_FACTOR, "upper")
    # Stopped, the call ran past the bound of its own time: it fails, even if
    # the kernel counted some more waiting for a CPU since.
    if stopped or elapsed > BOUND_FACTOR * longest:
        took = (
            f"plus de {french.decimal(BOUND_FACTOR * longest + STOP_MARGIN, 2)} s, où l'appel "
            "a été arrêté"
            if stopped
            else f"{french.decimal(elapsed, 2)} s"
        )
        student.fail(
            "L'ensemble des téléchargements a pris trop de temps.",
            call=describe(urls),
            observed=f"{took} (la somme des délais est {french.decimal(total, 2)} s)",
            expected=f"à peu près le plus long délai, {french.decimal(longest, 2)} s "
            f"(au plus {french.decimal(BOUND_FACTOR * longest, 2)} s)",
            advice=duration_advice(fake, len(urls), start, end, longest),
        )
    check_returned_at_once(student, urls, after)
    # A machine that stalls this process from before the last download's end
    # until after the answer's next check hides that wait (both timers then
    # fire together): once in 200 rounds under a load of 11, for a check every
    # 0,1 s. Shorter calls, whose last download ends elsewhere between two
    # checks, make a stall at each of them needed to hide it.
    for shorter in AFTER_LAST_SHORTER:
        urls, _, fake = random_service(rng, longest=shorter)
        _, _, after = await watched_call(student, telecharger_tout, urls, fake)
        check_returned_at_once(student, urls, after)


def check_returned_at_once(student: Student, urls: list[str], after: AfterLast) -> None:
    """Fail if the call waited on something of its own after the last download."""
    record("02 tours de boucle après le dernier téléchargement", after.turns,
           AFTER_LAST_TURNS, "upper")  # fmt: skip
    if after.turns > AFTER_LAST_TURNS and after.seconds > AFTER_LAST_SECONDS:
        student.fail(
            "Ton code a encore attendu après la fin du dernier téléchargement.",
            call=describe(urls),
            observed=f"la main rendue {french.decimal(after.seconds, 3)} s après la fin du "
            f"dernier téléchargement ; entre les deux, la boucle a tourné à vide (plus de "
            f"{AFTER_LAST_TURNS} tours) : ton code attendait autre chose que les "
            "téléchargements, une pause comme un asyncio.sleep",
            expected="la main rendue dès la fin du dernier téléchargement, en quelques tours "
            "de boucle (le temps que gather voie la fin)",
            advice="renvoie les contenus dès que gather les a, sans pause en plus, et ne "
            "vérifie pas de temps en temps si tout est fini (une boucle avec await "
            "asyncio.sleep(...)) : await asyncio.gather(*coroutines) se réveille tout seul dès "
            "que le dernier téléchargement est fini",
        )


def duration_advice(
    fake: FakeService[str], count: int, start: float, end: float, longest: float
) -> str:
    """Where the time of a too long call went: downloads one after another,
    or all at once but late to start, or a wait after the last one."""
    if fake.in_flight.peak < count:
        return (
            f"au plus {fake.in_flight.peak} téléchargement(s) en cours à la fois : chacun a "
            "attendu la fin des autres (un await par url dans une boucle). En parallèle, la "
            "durée totale est celle du plus lent, pas la somme : lance-les tous ensemble avec "
            "await asyncio.gather(*coroutines)"
        )
    first = min((began for _, began, _ in fake.spans), default=start)
    last = max((ended[0] for _, _, ended in fake.spans if ended), default=end)
    if first - start > longest:
        return (
            f"les téléchargements se sont bien chevauchés, mais aucun n'a commencé avant "
            f"{french.decimal(first - start, 2)} s : tant que ton code ne rend pas la main à "
            "la boucle (un time.sleep la bloque, await asyncio.sleep non), les tâches créées ne "
            "démarrent pas"
        )
    if end - last > longest:
        return (
            f"les téléchargements se sont bien chevauchés, mais ton code a encore attendu "
            f"{french.decimal(end - last, 2)} s après la fin du dernier : renvoie les contenus "
            "dès que gather les a, sans pause en plus"
        )
    return "en parallèle, la durée totale est celle du plus lent, pas la somme"


@pytest.mark.exigence("E1")
@pytest.mark.asyncio
async def test_contenus_dans_l_ordre_des_urls(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, contents, fake = random_service(rng)
    contenus = await student.call(
        telecharger_tout(urls, fake.operation), call=describe(urls), limit=10
    )
    expected = [contents[u] for u in urls]
    fail_if_pending(student, describe(urls), contenus)
    if not isinstance(contenus, list | tuple):
        student.fail(
            "telecharger_tout ne renvoie pas une liste.",
            call=describe(urls),
            observed=f"un objet {type(contenus).__name__}",
            expected="la liste des contenus",
        )
    if list(contenus) == expected:
        return
    if list(contenus) == [contents[u] for (u,) in fake.completed]:
        student.fail(
            "Les contenus sont rangés dans l'ordre où les téléchargements se sont terminés.",
            call=describe(urls),
            observed="le contenu le plus rapide en premier",
            expected="les contenus dans l'ordre des urls reçues",
            advice="asyncio.gather renvoie déjà les résultats dans l'ordre de ses arguments ; "
            "asyncio.as_completed, lui, les donne dans l'ordre de fin",
        )
    mismatches = [i for i, (a, b) in enumerate(zip(contenus, expected, strict=False)) if a != b]
    where = f", premier écart à la position {mismatches[0]}" if mismatches else ""
    student.fail(
        "Les contenus renvoyés ne correspondent pas aux urls.",
        call=describe(urls),
        observed=f"{len(contenus)} élément(s){where}",
        expected=f"{len(expected)} contenus, le i-ème étant celui de la i-ème url",
        advice=OUT_OF_ORDER_ADVICE if out_of_order(contenus, expected) else None,
    )


@pytest.mark.exigence("E4")
@pytest.mark.asyncio
async def test_chaque_url_telechargee_une_seule_fois(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, _, fake = random_service(rng)
    contenus = await student.call(
        telecharger_tout(urls, fake.operation), call=describe(urls), limit=10
    )
    fail_if_pending(student, describe(urls), contenus)
    check_each_url_once(student, urls, fake)


def check_each_url_once(
    student: Student, urls: list[str], fake: FakeService[str], *, stopped: bool = False
) -> None:
    """E4: one call to telecharger per url; of a call `stopped` midway (the
    urls not downloaded yet may have been next), only the ones downloaded twice."""
    counts = Counter(url for (url,) in fake.calls)
    extra = sorted(u for u, c in counts.items() if c > 1)
    wrong = bool(extra) if stopped else counts != Counter(urls)
    if wrong:
        missing = sorted(set(urls) - set(counts))
        student.fail(
            "Chaque url doit être téléchargée exactement une fois.",
            call=describe(urls),
            observed=f"{len(fake.calls)} appel(s) à telecharger ; en double : {len(extra)}"
            + (
                " (l'appel arrêté en route)"
                if stopped
                else f", jamais téléchargées : {len(missing)}"
            ),
            expected=f"{len(urls)} appels, un par url",
            requirement="E4",
        )


def check_contents(student: Student, urls: list[str], contents: dict[str, str], value: Any) -> None:
    """E1 for the extreme cases: every content, in url order."""
    fail_if_pending(student, describe(urls), value)
    expected = [contents[u] for u in urls]
    if isinstance(value, list | tuple) and list(value) == expected:
        return
    observed = repr(value) if not isinstance(value, list | tuple) else f"{len(value)} élément(s)"
    missing = (
        [u for u in urls if contents[u] not in value] if isinstance(value, list | tuple) else []
    )
    if missing:
        observed += f", contenu(s) manquant(s) : {len(missing)}"
    student.fail(
        "Les contenus renvoyés ne correspondent pas aux urls.",
        call=describe(urls),
        observed=observed,
        expected=f"{len(expected)} contenu(s), le i-ème étant celui de la i-ème url",
        advice="attends chaque téléchargement jusqu'au bout, même le plus lent (pas de délai "
        "maximal), et garde l'ordre des urls : asyncio.gather le fait pour toi"
        if missing
        else None,
        requirement="E1",
    )


@pytest.mark.exigence("E1")
@pytest.mark.asyncio
async def test_un_telechargement_tres_lent_parmi_des_rapides(
    student: Student, rng: random.Random
) -> None:
    telecharger_tout = student.function("telecharger_tout")
    delays = [rng.randrange(20, 61) / 1000 for _ in range(COUNT)]
    delays[rng.randrange(COUNT)] = SLOW
    urls, contents, fake = random_service(rng, delays=delays)
    contenus = await student.call(
        telecharger_tout(urls, fake.operation), call=describe(urls), limit=10
    )
    check_contents(student, urls, contents, contenus)


@pytest.mark.exigence("E1", "E4", "C4")
@pytest.mark.asyncio
async def test_une_url_donnee_deux_fois(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    distinct = random_urls(rng, 6)
    twin_at = rng.randrange(len(distinct) - 1)
    urls = list(distinct)
    urls.insert(rng.randrange(twin_at + 2, len(urls) + 1), distinct[twin_at])
    twin = distinct[twin_at]
    contents = {u: f"<page {rng.getrandbits(48):012x}>" for u in distinct}
    delays = {u: rng.randrange(20, 61) / 1000 for u in distinct}
    fake = FakeService("telecharger", contents.__getitem__, delays.__getitem__)
    call = describe(urls) + f", {twin!r} donnée deux fois"
    forgotten: list[str] = []

    async def watched() -> Any:
        # Recorded inside the course's measure around the call, which then
        # sees nothing, to say where the coroutine was lost.
        seen: list[str] = []
        try:
            with record_never_awaited() as seen:
                return await telecharger_tout(urls, fake.operation)
        finally:
            forgotten.extend(seen)  # filled as the recording ends

    contenus = await student.call(watched(), call=call, limit=10)
    lost = forgotten.count("telecharger")
    if lost:
        student.fail(
            "Une coroutine de téléchargement a été créée sans jamais être attendue.",
            call=call,
            observed=f"Python signale « coroutine 'telecharger' was never awaited » ({lost} fois)",
            expected="chaque coroutine créée est attendue, y compris pour une url donnée deux fois",
            advice="un dictionnaire {url: coroutine} ne garde que la dernière coroutine d'une url "
            "donnée deux fois : la première n'est jamais attendue ; crée une coroutine par "
            "position (asyncio.gather(*(telecharger(url) for url in urls))), ou une seule "
            "par url distincte, avant de les attendre toutes",
            requirement="C4",
        )
    fail_if_pending(student, call, contenus)
    expected = [contents[u] for u in urls]
    if not isinstance(contenus, list | tuple) or list(contenus) != expected:
        shorter = isinstance(contenus, list | tuple) and len(contenus) == len(distinct)
        student.fail(
            "Une url donnée deux fois n'a pas son contenu aux deux positions.",
            call=call,
            observed=f"{len(contenus)} élément(s)"
            if isinstance(contenus, list | tuple)
            else repr(contenus),
            expected=f"{len(expected)} contenus, le i-ème étant celui de la i-ème url, "
            "celui de l'url en double aux deux positions",
            advice="renvoie un contenu par url reçue, pas par url distincte : "
            "[contenu_par_url[url] for url in urls] remet le contenu partout où l'url figure"
            if shorter
            else None,
            requirement="E1",
        )
    counts = Counter(url for (url,) in fake.calls)
    if counts[twin] not in (1, 2) or any(counts[u] != 1 for u in distinct if u != twin):
        student.fail(
            "Chaque url doit être téléchargée une seule fois.",
            call=call,
            observed=f"{len(fake.calls)} appel(s) à telecharger, dont {counts[twin]} pour "
            "l'url en double",
            expected=f"un appel par url (pour l'url donnée deux fois, un ou deux, au choix) : "
            f"{len(distinct)} ou {len(urls)} appels",
            requirement="E4",
        )


@pytest.mark.exigence("E1")
@pytest.mark.asyncio
async def test_une_seule_url(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, contents, fake = random_service(rng, 1)
    contenus = await student.call(
        telecharger_tout(urls, fake.operation), call=describe(urls), limit=10
    )
    check_contents(student, urls, contents, contenus)


@pytest.mark.exigence("E5")
@pytest.mark.asyncio
async def test_liste_d_urls_vide(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    _, _, fake = random_service(rng)
    call = "telecharger_tout([], telecharger)"
    outcome = await student.outcome(telecharger_tout([], fake.operation), call=call, limit=10)
    if outcome.error is None:
        fail_if_pending(student, call, outcome.value)
    if outcome.error is not None:
        student.fail(
            "Sans url, telecharger_tout lève une exception au lieu de renvoyer une liste vide.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="[]",
            advice="asyncio.wait refuse un ensemble vide (ValueError) : traite la liste vide à "
            "part, ou passe par asyncio.gather, qui renvoie [] sans rien attendre",
        )
    if not isinstance(outcome.value, list | tuple) or list(outcome.value) != []:
        student.fail(
            "Sans url, il n'y a rien à télécharger.",
            call=call,
            observed=repr(outcome.value),
            expected="[]",
        )


def raised_messages(error: BaseException) -> list[str]:
    """The texts of the downloads' errors in `error`, unwrapping exception groups."""
    if isinstance(error, BaseExceptionGroup):
        return [m for inner in error.exceptions for m in raised_messages(inner)]
    return [str(error)] if isinstance(error, TelechargementRate) else []


@pytest.mark.exigence("E6", "E4")
@pytest.mark.asyncio
@pytest.mark.parametrize("position", ["premiere", "derniere"])
@pytest.mark.parametrize("moment", ["echoue_en_premier", "echoue_en_dernier"])
async def test_une_erreur_de_telechargement_remonte(
    student: Student, rng: random.Random, position: str, moment: str
) -> None:
    telecharger_tout = student.function("telecharger_tout")
    failing_at = 0 if position == "premiere" else COUNT - 1
    # The failing download is the quickest (the others still run when it
    # fails) or the slowest (all the others have ended), never in between,
    # and by 50 ms at least: the order does not depend on the machine.
    delays = [0.080 + 0.020 * i / (COUNT - 1) for i in range(COUNT)]
    rng.shuffle(delays)
    delays[failing_at] = 0.030 if moment == "echoue_en_premier" else 0.150
    urls, _, fake = random_service(rng, delays=delays, failing_at=failing_at)
    failing = urls[failing_at]
    call = describe(urls) + f" (telecharger({failing!r}) lève TelechargementRate)"
    outcome = await student.outcome(telecharger_tout(urls, fake.operation), call=call, limit=10)
    counts = Counter(url for (url,) in fake.calls)
    again = sorted(u for u, c in counts.items() if c > 1)
    if again:
        student.fail(
            "Une url a été téléchargée plusieurs fois.",
            call=call,
            observed=f"telecharger({again[0]!r}) appelé {counts[again[0]]} fois"
            + (" : l'url ratée a été retentée" if again == [failing] else ""),
            expected="chaque url téléchargée une seule fois, même quand l'une échoue",
            advice="ne retente pas un téléchargement raté : laisse son erreur remonter",
            requirement="E4",
        )
    if outcome.error is None:
        value = outcome.value
        fail_if_pending(student, call, value)
        inside = (
            [v for v in value if isinstance(v, BaseException)]
            if isinstance(value, list | tuple)
            else []
        )
        student.fail(
            "Un téléchargement a échoué, mais telecharger_tout a renvoyé une liste au lieu de "
            "laisser remonter l'erreur.",
            call=call,
            observed=f"une liste de {len(value)} élément(s), dont {len(inside)} exception(s)"
            if isinstance(value, list | tuple)
            else repr(value),
            expected="l'exception TelechargementRate, qui remonte jusqu'à l'appelant",
            advice="return_exceptions=True range les erreurs dans la liste au lieu de les "
            "lever : sans lui, gather laisse remonter la première erreur"
            if inside
            else "n'attrape pas l'erreur d'un téléchargement pour la remplacer par une valeur",
            requirement="E6",
        )
    if f"{failing} ne répond pas" not in raised_messages(outcome.error):
        student.fail(
            "L'erreur du téléchargement raté n'est pas celle qui remonte.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected=f"TelechargementRate: {failing} ne répond pas (telle quelle, ou dans un "
            "ExceptionGroup)",
            advice="tu as annulé les autres téléchargements puis relu leurs résultats : "
            "result() d'une tâche annulée lève CancelledError. Relis d'abord la tâche ratée "
            "(ou laisse asyncio.gather faire : il relance la première erreur)"
            if isinstance(outcome.error, asyncio.CancelledError)
            else "laisse remonter l'exception du téléchargement sans la remplacer par une autre",
            requirement="E6",
        )

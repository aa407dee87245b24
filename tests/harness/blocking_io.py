"""A synchronous, blocking client for the exercise on blocking libraries (ex06).

`BlockingClient.lire_profil(identifiant)` behaves like a call through a
synchronous library such as `requests`: it blocks the thread that runs it for
a fixed delay (with the GIL released, as a socket wait does), then returns the
profile. Every call records the thread that ran it and when, so that a test
can tell, whatever the student wrote, whether the calls ran in the event
loop's thread or elsewhere, and how many overlapped.

`time.sleep` is bound when this module is imported, before any student module
is, so that replacing it in the student's code changes nothing here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.harness import french
from tests.harness.clock import perf_counter
from tests.harness.loop_lag import LagMonitor
from tests.harness.measures import record
from tests.harness.student import Outcome, Student, describe_exception

_sleep = time.sleep


@dataclass(frozen=True)
class ClientCall:
    """One call to `lire_profil`: its argument, the thread that ran it, and when."""

    identifiant: Any
    thread: int
    start: float
    end: float


@dataclass
class BlockingClient:
    """Answers `profiles[identifiant]` after blocking `delays[identifiant]` seconds."""

    profiles: dict[Any, dict[str, Any]]
    delays: dict[Any, float]
    calls: list[ClientCall] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0

    def __post_init__(self) -> None:
        # Calls run in any thread: the counters are only touched under the lock.
        self._lock = threading.Lock()

    def lire_profil(self, identifiant: Any) -> dict[str, Any]:
        """Read one profile, blocking the calling thread (like requests.get)."""
        if identifiant not in self.profiles:
            raise KeyError(f"profil inconnu : {identifiant!r}")
        with self._lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            start = perf_counter()
        try:
            _sleep(self.delays[identifiant])
        finally:
            with self._lock:
                self.in_flight -= 1
                self.calls.append(
                    ClientCall(identifiant, threading.get_ident(), start, perf_counter())
                )
        return dict(self.profiles[identifiant])

    def calls_in_thread(self, thread: int) -> list[ClientCall]:
        with self._lock:
            return [c for c in self.calls if c.thread == thread]


# Delays of one call: distinct values on a grid between these bounds, never in
# the order of the identifiers. Every wrong answer runs at least one whole call
# in the loop's thread, so the loop stalls for at least DELAY_MIN.
DELAY_MIN = 0.080
DELAY_MAX = 0.120
# Worst loop stall allowed, as a share of the shortest call (see the hidden
# tests' docstring for the measured margins).
MAX_LAG_SHARE = 0.5
MAX_LAG = MAX_LAG_SHARE * DELAY_MIN
# Every call into the student's code ends well within this (a wrong answer
# running all calls in the loop takes at most 5 * DELAY_MAX = 0.6 s).
CALL_LIMIT = 5.0

NOMS = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Guido", "Katherine", "Linus", "Margaret"]
VILLES = ["Lyon", "Lille", "Nantes", "Brest", "Nice", "Metz", "Dijon", "Pau", "Tours"]


@dataclass(frozen=True)
class Case:
    identifiants: list[int]
    profiles: dict[Any, dict[str, Any]]
    delays: dict[Any, float]

    def client(self) -> BlockingClient:
        return BlockingClient(self.profiles, self.delays)

    def expected(self) -> list[dict[str, Any]]:
        return [self.profiles[i] for i in self.identifiants]


def random_case(rng: random.Random, count: int) -> Case:
    identifiants = rng.sample(range(100, 1000), count)
    step = (DELAY_MAX - DELAY_MIN) / max(count - 1, 1)
    delays = [DELAY_MIN + step * i for i in range(count)]
    while count > 1 and delays == sorted(delays):
        rng.shuffle(delays)
    profiles = {
        i: {"id": i, "nom": rng.choice(NOMS), "ville": rng.choice(VILLES)} for i in identifiants
    }
    return Case(identifiants, profiles, dict(zip(identifiants, delays, strict=True)))


@dataclass(frozen=True)
class Observation:
    case: Case
    client: BlockingClient
    outcome: Outcome
    duration: float
    worst_lag: float
    loop_thread: int

    @property
    def call(self) -> str:
        return f"recuperer_profils({self.case.identifiants}, client)"


async def observe(student: Student, case: Case) -> Observation:
    """Call the student's recuperer_profils once, with the loop's heartbeat on."""
    recuperer_profils: Callable[..., Any] = student.function("recuperer_profils")
    client = case.client()
    call = f"recuperer_profils({case.identifiants}, client)"
    async with LagMonitor() as lag:
        start = perf_counter()
        outcome = await student.outcome(
            recuperer_profils(list(case.identifiants), client), call=call, limit=CALL_LIMIT
        )
        duration = perf_counter() - start
    return Observation(case, client, outcome, duration, lag.worst, threading.get_ident())


async def observe_responsive(student: Student, make_case: Callable[[], Case]) -> Observation:
    """Observe once, and once more if the loop stalled: a test process put aside by
    the system for a moment also stalls the loop (rarely, and never twice in a row
    here), while a wrong answer stalls it on every run."""
    seen = await observe(student, make_case())
    if seen.outcome.error is None and seen.worst_lag > MAX_LAG:
        seen = await observe(student, make_case())
    return seen


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
    fail_on_error(student, seen)
    record("06 pire retard de boucle, s", seen.worst_lag, MAX_LAG, "upper")
    if seen.worst_lag > MAX_LAG:
        observed = (
            f"la boucle n'a pas pu répondre pendant {french.decimal(seen.worst_lag, 3)} s "
            f"d'affilée (l'appel a duré {french.decimal(seen.duration, 3)} s)"
        )
        advice = (
            "client.lire_profil est synchrone : appelé dans une coroutine, il bloque "
            "toute la boucle, même avec un await asyncio.sleep(0) autour ou dans une "
            "fonction async ; fais-le exécuter par un autre thread avec asyncio.to_thread"
        )
        here = seen.client.calls_in_thread(seen.loop_thread)
        if here:
            observed += (
                f"\n             {len(here)} appel(s) sur {len(seen.client.calls)} exécuté(s) "
                "par le thread de la boucle elle-même"
            )
        elif seen.client.calls:
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
            expected="une boucle qui répond sans cesse (blocage au plus "
            f"{french.decimal(MAX_LAG, 3)} s, la moitié d'un seul appel au client)",
            advice=advice,
        )


def check_other_threads(student: Student, seen: Observation) -> None:
    fail_on_error(student, seen)
    here = seen.client.calls_in_thread(seen.loop_thread)
    if here:
        student.fail(
            "Des appels au client ont tourné dans le thread de la boucle d'événements.",
            call=seen.call,
            observed=f"{len(here)} appel(s) sur {len(seen.client.calls)} exécuté(s) par le "
            "thread de la boucle",
            expected="chaque appel à client.lire_profil exécuté par un autre thread",
            advice="await asyncio.to_thread(client.lire_profil, identifiant) exécute l'appel "
            "dans un thread à part et attend son résultat sans bloquer la boucle",
        )


def check_overlap(student: Student, seen: Observation) -> None:
    fail_on_error(student, seen)
    needed = min(2, len(seen.case.identifiants))
    if seen.client.peak < needed:
        student.fail(
            "Les appels au client n'ont pas eu lieu en même temps.",
            call=seen.call,
            observed=f"au plus {seen.client.peak} appel(s) en cours à la fois",
            expected=f"les {len(seen.case.identifiants)} appels lancés ensemble, donc plusieurs "
            "en cours en même temps",
            advice="pendant qu'un thread attend le réseau, le GIL est libéré et d'autres "
            "threads avancent : crée un asyncio.to_thread(...) par identifiant et attends-les "
            "ensemble avec asyncio.gather, au lieu de les attendre un par un",
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

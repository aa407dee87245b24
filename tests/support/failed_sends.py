"""The mistakes behind a wrong envoyer_tous (exercise 05), named from what a call did.

The exercise's public test and its hidden tests judge the same facts (failures
reported or not, tasks still running, coroutines never awaited, what signaler
received); whichever of them fails first is the one the student reads, so the
words that name the mistake behind those facts are written here, once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

from tests.support.concurrency import FakeService
from tests.support.course_rules import NEVER_AWAITED
from tests.support.student import Student

ELSEWHERE = "l'exception levée par l'envoi d'un autre message"
ORDER_ADVICE = (
    "as_completed et asyncio.wait rendent les envois dans l'ordre où ils finissent, pas "
    "dans l'ordre de la liste : garde chaque message avec sa tâche (gather, lui, garde "
    "l'ordre de la liste)"
)
STILL_RUNNING_ADVICE = (
    "attends toutes les tâches jusqu'au bout, même quand l'une échoue : "
    "asyncio.gather(..., return_exceptions=True) ; une pause (asyncio.sleep) ne "
    "garantit rien"
)
FIRST_ONLY_ADVICE = (
    "une exception qui sort de la boucle l'arrête : après le premier échec, les "
    "envois suivants ne sont plus attendus ; attends-les tous avec "
    "asyncio.gather(..., return_exceptions=True), ou un try/except par envoi"
)
_LINE = "\n             "  # a further line of Observé


def cancelled_sendings(envoyer: FakeService[Any], failing: Collection[str]) -> int:
    """How many sendings meant to succeed have ended without their answer so
    far: cancelled (a TaskGroup cancels the others when one fails)."""
    ended = Counter(m for (m,), _, end in envoyer.spans if end and m not in failing)
    return (ended - Counter(m for (m,) in envoyer.completed)).total()


def never_awaited(student: Student, since: int) -> str | None:
    """What the course's measure of C4 saw (« coroutine … was never awaited »
    pour envoyer (×2)) in the calls made after the first `since` rule
    violations of this test; None if every coroutine was awaited."""
    found = [v for v in student.rules.violations[since:] if v.rule == NEVER_AWAITED]
    return found[0].observed if found else None


def first_failure_only(running: int, forgotten: str | None) -> str:
    """The Observé line when signaler was called for the list's first failure
    only, and the function then returned with sendings left behind."""
    left = []
    if running:
        left.append(f"{running} tâche(s) encore en cours")
    if forgotten:
        left.append(f"des envois jamais attendus : {forgotten}")
    return (
        _LINE + "signaler appelé seulement pour le premier échec de la liste, puis retour "
        "avec " + " et ".join(left or ["les envois suivants jamais attendus"])
    )


def unreported(
    *,
    first_only: bool,
    running: int,
    in_flight: int,
    lost: bool,
    forgotten: str | None,
    misattributed: bool,
    cancelled: int = 0,
) -> tuple[str, str]:
    """Failures were never reported: (what to add to Observé, the Conseil).

    `first_only`: signaler was called for the first failure of the list and
    for nothing else; `running`, `in_flight`: tasks and sendings still
    running at the return; `lost`: a task's error was never retrieved;
    `forgotten`: the course's C4 measure, if a coroutine was never awaited;
    `misattributed`: an error was reported with another sending's message;
    `cancelled`: sendings that would have succeeded, cancelled before the return."""
    if first_only and (running or forgotten):
        return first_failure_only(running, forgotten), FIRST_ONLY_ADVICE
    if misattributed:
        return (
            _LINE + "des erreurs ont été signalées avec le message d'un autre envoi",
            ORDER_ADVICE,
        )
    if cancelled:
        return (
            _LINE + f"{cancelled} envoi(s) annulé(s) avant d'avoir fini",
            "un asyncio.TaskGroup annule tous les autres envois dès que l'un échoue : pour que "
            "chaque envoi aille au bout et que chaque erreur soit signalée, attends-les avec "
            "asyncio.gather(..., return_exceptions=True), ou attrape l'erreur dans chaque tâche",
        )
    if forgotten:
        return (
            _LINE + f"des envois n'ont jamais été attendus : {forgotten}",
            "un envoi qu'on n'attend pas ne part jamais : garde-les tous et attends-les "
            "avec asyncio.gather(..., return_exceptions=True)",
        )
    if not running and not in_flight and not lost:
        return (
            _LINE + "pourtant toutes les tâches étaient finies au retour et leurs erreurs "
            "ont été lues : ces erreurs ont été avalées, jamais passées à signaler",
            "quand un envoi a échoué, appelle signaler(message, erreur) avec son exception, "
            "au lieu de l'ignorer (except …: pass) ; et attrape toute Exception, pas "
            "seulement certains types",
        )
    return (
        "",
        "attends toutes les tâches et lis leur résultat : "
        "asyncio.gather(..., return_exceptions=True) donne l'erreur de chaque envoi raté",
    )


def received_instead(
    erreur: object,
    *,
    own: BaseException | None,
    own_kind: type[BaseException] | None,
    own_text: str,
    others: Mapping[str, BaseException | None],
) -> str | None:
    """What signaler received instead of the exception its sending raised
    (`own`, of type `own_kind` and text `own_text`), in words; None when it
    received that very exception. `others`: the other messages' exceptions."""
    if own is not None and erreur is own:
        return None
    if isinstance(erreur, str):
        return f"un texte ({erreur!r}) au lieu de l'exception"
    if own_kind is not None and type(erreur) is own_kind and str(erreur) == own_text:
        return "une nouvelle exception qui ressemble à celle levée, pas la même"
    other = next((m for m, e in others.items() if e is not None and e is erreur), None)
    return f"{ELSEWHERE} ({other!r})" if other is not None else repr(erreur)


def raised_advice(error: BaseException, *, from_envoyer: bool, empty: bool) -> str:
    """The Conseil when envoyer_tous raised `error`; `from_envoyer`: it is
    the very exception an envoyer raised; `empty`: the list was empty."""
    if isinstance(error, TypeError) and "await" in str(error):
        return "signaler est une fonction ordinaire : appelle-la sans await"
    if from_envoyer:
        return (
            "sans return_exceptions=True, gather transmet la première erreur et abandonne "
            "les autres : asyncio.gather(..., return_exceptions=True) ; et un except qui "
            "ne nomme que certains types (ConnectionError…) laisse passer les autres : "
            "envoyer peut lever n'importe quelle Exception"
        )
    if isinstance(error, ValueError) and empty:
        return "asyncio.wait refuse une liste vide : avec zéro message, renvoie 0 sans attendre"
    if isinstance(error, asyncio.InvalidStateError):
        return (
            "tache.exception() ou tache.result() sur une tâche pas encore finie lève "
            "InvalidStateError : attends d'abord toutes les tâches jusqu'au bout"
        )
    return "les erreurs des envois se signalent avec signaler(message, erreur)"

"""Exercice 05 — tests publics : lance-les avec `nox -- 05`."""

from typing import Any

import pytest

from tests.support.concurrency import FakeService
from tests.support.failed_sends import (
    ELSEWHERE,
    FIRST_ONLY_ADVICE,
    ORDER_ADVICE,
    STILL_RUNNING_ADVICE,
    cancelled_sendings,
    first_failure_only,
    never_awaited,
    raised_advice,
    received_instead,
    unreported,
)
from tests.support.orphans import Leftovers, never_retrieved, record_loop_errors, summarize
from tests.support.student import Student, describe_exception

MESSAGES = ["bonjour", "panne de courant", "au revoir", "panne de réseau"]
FAILING = [message for message in MESSAGES if message.startswith("panne")]
CALL = f"envoyer_tous({MESSAGES}, envoyer, signaler)"
# "au revoir" is slow: it is still running if the function returns too early.
# "panne de réseau" fails before "panne de courant", the first failure of the
# list: an answer that stops waiting at that one has not reported it.
DELAYS = {"bonjour": 0.005, "panne de courant": 0.030, "au revoir": 0.100, "panne de réseau": 0.010}


@pytest.mark.asyncio
async def test_les_echecs_sont_signales_et_les_succes_comptes(student: Student) -> None:
    envoyer_tous = student.function("envoyer_tous")
    errors: dict[str, Exception] = {}

    def send(message: str) -> str:
        if message.startswith("panne"):
            errors[message] = ConnectionError(f"le serveur a refusé {message!r}")
            raise errors[message]
        return "reçu"

    envoyer = FakeService("envoyer", send, DELAYS.__getitem__)
    reports: list[tuple[Any, Any]] = []

    def signaler(message: Any, erreur: Any) -> None:
        reports.append((message, erreur))

    watching: list[Leftovers] = []

    async def watched() -> Any:
        # Created inside the course's measures, whose own tasks are not the student's.
        watching.append(Leftovers())
        try:
            return await watching[0].watch(
                envoyer_tous(list(MESSAGES), envoyer.operation, signaler)
            )
        finally:
            # The traceback of an error caught by the student's code holds its
            # frames, hence its tasks and coroutines: dropped, so that those it
            # forgot are collected before the course's measures end, and seen.
            for error in errors.values():
                error.__traceback__ = None

    violations = len(student.rules.violations)
    with record_loop_errors() as loop_errors:
        outcome = await student.outcome(watched(), call=CALL, limit=5)
        cancelled = cancelled_sendings(envoyer, FAILING)
        forgotten = never_awaited(student, since=violations)
        leftovers = watching.pop()
        running = leftovers.at_return
        await leftovers.settle(1.0)  # tasks left behind end, and show what they lost
        await leftovers.cancel()
        del leftovers
    lost = [e.describe() for e in never_retrieved(loop_errors)]
    if outcome.error is not None:
        student.fail(
            "envoyer_tous a levé une exception au lieu de signaler les erreurs.",
            call=CALL,
            observed=describe_exception(outcome.error, student.tree),
            expected="aucune exception : les erreurs des envois sont signalées, pas propagées",
            advice=raised_advice(
                outcome.error,
                from_envoyer=any(outcome.error is e for e in errors.values()),
                empty=False,
            ),
        )
    first_only = [message for message, _ in reports] == FAILING[:1]
    if running:
        student.fail(
            "La fonction a rendu la main alors que des envois tournaient encore.",
            call=CALL,
            observed=f"tâche(s) encore en cours au retour : {summarize(running)}"
            + (first_failure_only(len(running), forgotten) if first_only else ""),
            expected="tous les envois terminés quand envoyer_tous se termine",
            advice=FIRST_ONLY_ADVICE if first_only else STILL_RUNNING_ADVICE,
        )
    if lost:
        student.fail(
            "Des erreurs de tâches n'ont jamais été lues.",
            call=CALL,
            observed="asyncio signale « Task exception was never retrieved » pour :\n      "
            + "\n      ".join(lost),
            expected="chaque tâche attendue, et son erreur lue puis signalée",
        )
    received = {
        index: received_instead(
            erreur,
            own=errors.get(message) if isinstance(message, str) else None,
            own_kind=ConnectionError if message in FAILING else None,
            own_text=f"le serveur a refusé {message!r}",
            others={m: e for m, e in errors.items() if m != message},
        )
        for index, (message, erreur) in enumerate(reports)
    }
    signaled = [message for message, _ in reports]
    if sorted(signaled, key=repr) != sorted(FAILING, key=repr):
        reading, advice = unreported(
            first_only=first_only,
            running=0,
            in_flight=0,
            lost=False,
            forgotten=forgotten,
            misattributed=any((r or "").startswith(ELSEWHERE) for r in received.values()),
            cancelled=cancelled,
        )
        student.fail(
            "Les envois ratés ne sont pas signalés comme il faut.",
            call=CALL,
            observed=f"signaler appelé {len(reports)} fois, pour : {signaled}{reading}",
            expected="signaler appelé une fois pour 'panne de courant' et une fois pour "
            "'panne de réseau'",
            advice=advice
            if any(m not in signaled for m in FAILING)
            else "pour chaque résultat qui est une exception, et seulement pour ceux-là : "
            "signaler(message, resultat)",
        )
    for index, (message, _) in enumerate(reports):
        instead = received[index]
        if instead is not None:
            raised = repr(errors[message]) if message in errors else "erreur"
            student.fail(
                "signaler n'a pas reçu l'exception levée par l'envoi.",
                call=CALL,
                observed=f"signaler({message!r}, …) a reçu {instead}",
                expected=f"signaler({message!r}, {raised}), avec l'objet exception lui-même",
                advice=ORDER_ADVICE
                if instead.startswith(ELSEWHERE)
                else "passe à signaler la valeur que gather a rangée dans les résultats "
                "(ou l'exception attrapée avec except … as erreur)",
            )
    if outcome.value != 2:
        student.fail(
            "La fonction ne renvoie pas le nombre d'envois réussis.",
            call=CALL,
            observed=repr(outcome.value),
            expected="2 (« bonjour » et « au revoir » sont passés)",
        )

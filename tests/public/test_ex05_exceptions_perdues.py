"""Exercice 05 — tests publics : lance-les avec `nox -- 05`."""

from typing import Any

import pytest

from tests.support.concurrency import FakeService
from tests.support.orphans import Leftovers, never_retrieved, record_loop_errors, summarize
from tests.support.student import Student, describe_exception

MESSAGES = ["bonjour", "panne de courant", "au revoir", "panne de réseau"]
CALL = f"envoyer_tous({MESSAGES}, envoyer, signaler)"
# "au revoir" is slow: it is still running if the function returns too early.
DELAYS = {"bonjour": 0.005, "panne de courant": 0.010, "au revoir": 0.100, "panne de réseau": 0.020}


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
        return await watching[0].watch(envoyer_tous(list(MESSAGES), envoyer.operation, signaler))

    with record_loop_errors() as loop_errors:
        outcome = await student.outcome(watched(), call=CALL, limit=5)
        leftovers = watching.pop()
        running = leftovers.at_return
        await leftovers.settle(1.0)  # tasks left behind end, and show what they lost
        await leftovers.cancel()
        del leftovers
    lost = [e.describe() for e in never_retrieved(loop_errors)]
    if outcome.error is not None:
        student.fail(
            "envoyer_tous a levé une exception.",
            call=CALL,
            observed=describe_exception(outcome.error, student.tree),
            expected="aucune exception : les erreurs des envois sont signalées, pas propagées",
            advice="asyncio.gather(..., return_exceptions=True) range les erreurs dans les "
            "résultats au lieu de les lever",
        )
    if running:
        student.fail(
            "La fonction a rendu la main alors que des envois tournaient encore.",
            call=CALL,
            observed=f"tâche(s) encore en cours au retour : {summarize(running)}",
            expected="tous les envois terminés quand envoyer_tous se termine",
            advice="attends toutes les tâches au lieu de faire une pause",
        )
    if lost:
        student.fail(
            "Des erreurs de tâches n'ont jamais été lues.",
            call=CALL,
            observed="asyncio signale « Task exception was never retrieved » pour :\n      "
            + "\n      ".join(lost),
            expected="chaque tâche attendue, et son erreur lue puis signalée",
        )
    signaled = {message: erreur for message, erreur in reports}
    if sorted(signaled) != sorted(errors) or len(reports) != len(errors):
        student.fail(
            "Les envois ratés ne sont pas signalés comme il faut.",
            call=CALL,
            observed=f"signaler appelé {len(reports)} fois, pour : "
            f"{[message for message, _ in reports]}",
            expected="signaler appelé une fois pour 'panne de courant' et une fois pour "
            "'panne de réseau'",
            advice="pour chaque résultat qui est une exception : signaler(message, resultat)",
        )
    for message, erreur in reports:
        if erreur is not errors[message]:
            student.fail(
                "signaler n'a pas reçu l'exception levée par l'envoi.",
                call=CALL,
                observed=f"signaler({message!r}, {erreur!r})",
                expected=f"signaler({message!r}, {errors[message]!r}), avec l'objet "
                "exception lui-même",
            )
    if outcome.value != 2:
        student.fail(
            "La fonction ne renvoie pas le nombre d'envois réussis.",
            call=CALL,
            observed=repr(outcome.value),
            expected="2 (« bonjour » et « au revoir » sont passés)",
        )

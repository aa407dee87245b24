"""Exercice 11 — tests publics : lance-les avec `nox -- 11`."""

from __future__ import annotations

import pytest

from tests.support.orphans import Leftovers
from tests.support.student import Outcome, Student, describe_exception
from tests.support.supervision import (
    KEPT_RUNNING_ADVICE,
    SWALLOWED_ADVICE,
    BlockGuard,
    Cleanup,
    Job,
    Jobs,
    State,
    cleanup_advice,
    fail_if_one_at_a_time,
    fail_if_stopped,
    leaves,
    timeline,
)


async def run(
    student: Student, jobs: Jobs, delai: float, call: str, situation: str
) -> tuple[Outcome, Cleanup]:
    """Call executer_groupe; fail if the jobs ran one at a time, if some still
    ran at its return, or if nettoyer() was not called once ("y compris quand
    `situation`")."""
    executer_groupe = student.function("executer_groupe")
    nettoyer = Cleanup(jobs)
    running: list[str] = []
    leftovers = Leftovers()
    guard = BlockGuard()  # stops a call at its first long block of the loop
    outcome = await student.outcome(
        guard.run(
            leftovers.watch(
                executer_groupe(jobs.functions(), delai, nettoyer),
                on_return=lambda: running.extend(jobs.at_return()),
            )
        ),
        call=call,
        limit=5,
    )
    await leftovers.cancel()
    fail_if_stopped(student, guard, call)
    # Dessinée avec l'échec : chaque travail et nettoyer() dans le temps, sur la forme attendue.
    student.show(timeline(jobs, student.started, delai, nettoyer))
    fail_if_one_at_a_time(student, jobs, call)
    if running:
        student.fail(
            "La fonction a rendu la main alors que des travaux tournaient encore.",
            call=call,
            observed=f"encore en cours : {', '.join(running)}",
            expected="plus aucun travail en cours quand executer_groupe se termine",
            advice="asyncio.TaskGroup attend (ou annule) toutes ses tâches avant de rendre la main",
        )
    if nettoyer.calls != 1:
        student.fail(
            f"nettoyer() doit être appelé exactement une fois, y compris quand {situation}.",
            call=call,
            observed=f"nettoyer() appelé {nettoyer.calls} fois",
            expected="un appel à nettoyer(), quelle que soit l'issue",
            advice=cleanup_advice(nettoyer.calls),
        )
    return outcome, nettoyer


@pytest.mark.asyncio
async def test_renvoie_les_resultats_et_nettoie(student: Student) -> None:
    jobs = Jobs(
        [Job("travail_a", 0.03, "A"), Job("travail_b", 0.01, "B"), Job("travail_c", 0.02, "C")]
    )
    call = "executer_groupe([travail_a, travail_b, travail_c], 1, nettoyer)"
    outcome, _ = await run(student, jobs, 1.0, call, "tous les travaux ont réussi")
    if outcome.error is not None:
        student.fail(
            "L'appel a levé une exception alors que tous les travaux réussissent.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="['A', 'B', 'C']",
        )
    if outcome.value != ["A", "B", "C"]:
        student.fail(
            "La fonction ne renvoie pas les résultats dans l'ordre des travaux.",
            call=call,
            observed=repr(outcome.value),
            expected="['A', 'B', 'C']",
        )


@pytest.mark.asyncio
async def test_une_erreur_arrete_les_autres_et_remonte(student: Student) -> None:
    error = ConnectionError("le serveur ne répond plus")
    jobs = Jobs(
        [
            Job("travail_lent", 0.4, "lent"),
            Job("travail_qui_echoue", 0.01, error=error),
            Job("travail_tres_lent", 0.5, "très lent"),
        ]
    )
    call = "executer_groupe([travail_lent, travail_qui_echoue, travail_tres_lent], 2, nettoyer)"
    outcome, _ = await run(student, jobs, 2.0, call, "un travail a échoué")
    if outcome.error is None or not any(leaf is error for leaf in leaves(outcome.error)):
        student.fail(
            "travail_qui_echoue a échoué, mais son erreur n'est pas remontée jusqu'à l'appelant.",
            call=call,
            observed=describe_exception(outcome.error, student.tree)
            if outcome.error is not None
            else f"aucune exception (valeur renvoyée : {outcome.value!r})",
            expected=f"{error!r}, telle quelle ou dans un ExceptionGroup",
            advice=SWALLOWED_ADVICE if outcome.error is None else None,
        )
    finished = jobs.names(State.DONE)
    if finished:
        student.fail(
            "Après l'échec d'un travail, les autres ont continué jusqu'au bout.",
            call=call,
            observed=f"terminés : {', '.join(finished)}",
            expected="travail_lent et travail_tres_lent annulés dès l'erreur",
            advice=KEPT_RUNNING_ADVICE,
        )


@pytest.mark.asyncio
async def test_le_delai_est_respecte(student: Student) -> None:
    jobs = Jobs([Job("travail_a", 0.4, "A"), Job("travail_b", 0.5, "B")])
    call = "executer_groupe([travail_a, travail_b], 0.05, nettoyer)"
    outcome, _ = await run(student, jobs, 0.05, call, "le délai a été dépassé")
    if outcome.error is None or not any(isinstance(e, TimeoutError) for e in leaves(outcome.error)):
        student.fail(
            "Le délai a été dépassé sans que TimeoutError remonte.",
            call=call,
            observed=describe_exception(outcome.error, student.tree)
            if outcome.error is not None
            else f"aucune exception (valeur renvoyée : {outcome.value!r})",
            expected="TimeoutError au bout de 0,05 s environ, et les deux travaux annulés",
            advice="async with asyncio.timeout(delai): autour du TaskGroup",
        )

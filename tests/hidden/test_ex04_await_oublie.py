"""Exercice 04 — tests cachés (notés, jamais distribués aux élèves).

Noms, scores et accusé de réception sont tirés au hasard à chaque exécution.
Le contrôle est fait sur les effets (chaque sauvegarde a eu lieu et s'est
terminée avant le retour de la fonction) et sur les avertissements « never
awaited », enregistrés pendant l'appel avec un ramasse-miettes explicite : un
simple `-W error::RuntimeWarning` ne les attrape pas. Aucune borne de temps.
"""

from __future__ import annotations

import asyncio
import inspect
import random
from dataclasses import dataclass
from typing import Any

import pytest

from tests.harness.concurrency import FakeService
from tests.harness.never_awaited import record_never_awaited
from tests.harness.student import Student, describe_exception

NAMES = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Guido", "Katherine", "Linus", "Margaret"]


class SaveError(RuntimeError):
    """The failure the fake storage raises in the error test."""


@dataclass
class Scenario:
    scores: dict[str, int]
    failing: str | None
    receipt: str
    sauvegarder: FakeService[None]
    notifier: FakeService[str]
    saved_when_notified: int | None = None
    # The task that raised the failing save's SaveError, if it was raised.
    failure_raised_in: asyncio.Task[Any] | None = None

    @property
    def call(self) -> str:
        return f"enregistrer_scores(<{len(self.scores)} scores>, sauvegarder, notifier)"


def scenario(*, with_failure: bool = False) -> Scenario:
    rng = random.Random()
    scores = {name: rng.randrange(21) for name in rng.sample(NAMES, rng.randrange(4, 8))}
    failing = rng.choice(list(scores)) if with_failure else None
    delays = {name: rng.uniform(0.001, 0.01) for name in scores}

    def save(nom: str, score: int) -> None:
        if nom == failing:
            current.failure_raised_in = asyncio.current_task()
            raise SaveError(f"disque plein pendant la sauvegarde de {nom}")

    def notify(message: str) -> str:
        current.saved_when_notified = len(current.sauvegarder.completed)
        return current.receipt

    current = Scenario(
        scores,
        failing,
        f"accusé-{rng.getrandbits(40):010x}",
        FakeService("sauvegarder", save, lambda nom, score: delays[nom]),
        FakeService("notifier", notify),
    )
    return current


async def run(student: Student, case: Scenario) -> Any:
    enregistrer_scores = student.function("enregistrer_scores")
    return await student.call(
        enregistrer_scores(dict(case.scores), case.sauvegarder.operation, case.notifier.operation),
        call=case.call,
        limit=10,
    )


@pytest.mark.asyncio
async def test_chaque_score_est_sauvegarde_avant_le_retour(student: Student) -> None:
    case = scenario()
    await run(student, case)
    saved = dict(case.sauvegarder.completed)
    missing = sorted(set(case.scores) - set(saved))
    if missing:
        started = {nom for nom, _ in case.sauvegarder.calls}
        why = (
            "ces sauvegardes ont démarré mais n'étaient pas finies au retour de la fonction"
            if set(missing) <= started
            else "ces sauvegardes n'ont jamais démarré"
        )
        student.fail(
            "Des scores n'ont pas été sauvegardés.",
            call=case.call,
            observed=f"{len(missing)} score(s) non sauvegardé(s) : {', '.join(missing)} ({why})",
            expected=f"les {len(case.scores)} scores sauvegardés quand la fonction se termine",
            advice="await sauvegarder(nom, score) pour chaque score",
        )
    if saved != case.scores or len(case.sauvegarder.calls) != len(case.scores):
        student.fail(
            "Les sauvegardes ne correspondent pas aux scores reçus.",
            call=case.call,
            observed=f"{len(case.sauvegarder.calls)} appel(s) : {case.sauvegarder.calls}",
            expected=f"un appel sauvegarder(nom, score) par score : {case.scores}",
        )


@pytest.mark.asyncio
async def test_aucune_coroutine_oubliee(student: Student) -> None:
    case = scenario()
    with record_never_awaited() as forgotten:
        result = await run(student, case)
        if inspect.iscoroutine(result):
            del result  # dropped here so the recorder sees it
    if forgotten:
        counts = {name: forgotten.count(name) for name in dict.fromkeys(forgotten)}
        listed = ", ".join(f"'{name}' ({n} fois)" for name, n in counts.items())
        student.fail(
            "Des coroutines ont été créées mais jamais attendues.",
            call=case.call,
            observed=f"Python signale « coroutine … was never awaited » pour {listed}",
            expected="aucune coroutine oubliée : chaque appel async est attendu avec await",
            advice="appeler une fonction async sans await crée une coroutine qui ne fait rien",
        )


@pytest.mark.asyncio
async def test_renvoie_l_accuse_de_reception(student: Student) -> None:
    case = scenario()
    result = await run(student, case)
    if inspect.iscoroutine(result):
        result.close()
        student.fail(
            "La fonction renvoie une coroutine au lieu de l'accusé de réception.",
            call=case.call,
            observed="un objet coroutine : notifier(...) a été appelé sans await",
            expected=f"{case.receipt!r}, la valeur renvoyée par notifier",
            advice="accuse = await notifier(message)",
        )
    if result != case.receipt:
        student.fail(
            "La fonction ne renvoie pas l'accusé de réception de notifier.",
            call=case.call,
            observed=repr(result),
            expected=f"{case.receipt!r}, la valeur renvoyée par notifier",
        )


@pytest.mark.asyncio
async def test_notification_unique_apres_toutes_les_sauvegardes(student: Student) -> None:
    case = scenario()
    result = await run(student, case)
    if inspect.iscoroutine(result):
        result.close()
    done = len(case.notifier.completed)
    if done != 1:
        student.fail(
            "notifier doit être exécuté exactement une fois.",
            call=case.call,
            observed=f"notifier exécuté {done} fois",
            expected="une notification, à la fin",
            advice="await notifier(...) une seule fois, après la boucle de sauvegarde",
        )
    if case.saved_when_notified != len(case.scores):
        student.fail(
            "La notification est partie avant la fin des sauvegardes.",
            call=case.call,
            observed=f"{case.saved_when_notified} sauvegarde(s) terminée(s) sur "
            f"{len(case.scores)} au moment de notifier",
            expected="toutes les sauvegardes terminées avant la notification",
            advice="attends les sauvegardes (await) avant d'appeler notifier",
        )


@pytest.mark.asyncio
async def test_une_sauvegarde_qui_echoue_fait_echouer_l_appel(student: Student) -> None:
    enregistrer_scores = student.function("enregistrer_scores")
    case = scenario(with_failure=True)
    call_task: asyncio.Task[Any] | None = None
    raised_before_return = started_before_return = False

    async def watched() -> Any:
        # Notes the task the student's code runs in, and whether the failing
        # save had raised by the time the function returned.
        nonlocal call_task, raised_before_return, started_before_return
        call_task = asyncio.current_task()
        try:
            return await enregistrer_scores(
                dict(case.scores), case.sauvegarder.operation, case.notifier.operation
            )
        finally:
            raised_before_return = case.failure_raised_in is not None
            started_before_return = any(nom == case.failing for nom, _ in case.sauvegarder.calls)

    outcome = await student.outcome(watched(), call=case.call, limit=10)
    if inspect.iscoroutine(outcome.value):
        outcome.value.close()
    if not isinstance(outcome.error, SaveError):
        observed = (
            f"une autre exception : {describe_exception(outcome.error, student.tree)}"
            if outcome.error is not None
            else f"aucune exception (valeur renvoyée : {outcome.value!r})"
        )
        advice = (
            "une erreur dans une coroutine n'apparaît que si on l'attend ; "
            "ne l'attrape pas pour la faire taire"
        )
        if outcome.error is None and raised_before_return:
            if case.failure_raised_in is call_task:
                observed += (
                    " ; pourtant la SaveError est bien passée par enregistrer_scores, "
                    "qui l'a attrapée sans la relancer"
                )
                advice = (
                    "ne mets pas de try/except autour de await sauvegarder(...) pour faire "
                    "taire l'erreur : laisse-la remonter à l'appelant"
                )
            else:
                observed += (
                    " ; la SaveError a été levée dans une autre tâche, et n'est jamais "
                    "arrivée jusqu'à enregistrer_scores"
                )
        elif outcome.error is None:
            observed += (
                " ; la sauvegarde qui échoue avait démarré mais n'était pas terminée au retour"
                if started_before_return
                else " ; la sauvegarde qui échoue n'a jamais été exécutée"
            )
        student.fail(
            "Une sauvegarde a échoué, mais l'erreur n'est pas remontée.",
            call=case.call + f", sauvegarder({case.failing!r}, …) lève SaveError",
            observed=observed,
            expected="la SaveError de sauvegarder remonte jusqu'à l'appelant",
            advice=advice,
        )

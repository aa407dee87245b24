"""Exercice 01 — tests publics : lance-les avec `nox -s tests -- -k ex01`."""

import asyncio
import inspect

import pytest

from tests.harness.premiere_coroutine import (
    describe_events,
    first_overlap_problem,
    greeting_events,
    run_sync,
)
from tests.harness.student import Student, describe_exception

INVITES = {"Ada": 0.06, "Linus": 0.02, "Grace": 0.04}


@pytest.mark.asyncio
async def test_saluer_dit_bonjour_puis_au_revoir(
    student: Student, capsys: pytest.CaptureFixture[str]
) -> None:
    saluer = student.function("saluer")
    call = "saluer('Ada', 0.02)"
    capsys.readouterr()
    nom = await student.call(saluer("Ada", 0.02), call=call, limit=5)
    events = greeting_events(capsys.readouterr().out, ["Ada"])
    if events != [("bonjour", "Ada"), ("au revoir", "Ada")] or nom != "Ada":
        student.fail(
            "saluer n'affiche pas les bonnes lignes ou ne renvoie pas le nom.",
            call=call,
            observed=f"{describe_events(events)}, valeur renvoyée : {nom!r}",
            expected="« Bonjour Ada... » | « ...au revoir Ada ! », valeur renvoyée : 'Ada'",
        )


@pytest.mark.asyncio
async def test_deux_salutations_en_meme_temps(
    student: Student, capsys: pytest.CaptureFixture[str]
) -> None:
    saluer = student.function("saluer")
    call = "asyncio.gather(saluer('Ada', 0.04), saluer('Linus', 0.02))"
    capsys.readouterr()
    await student.call(
        asyncio.gather(saluer("Ada", 0.04), saluer("Linus", 0.02)), call=call, limit=5
    )
    events = greeting_events(capsys.readouterr().out, ["Ada", "Linus"])
    problem = first_overlap_problem(events, ["Ada", "Linus"])
    if problem:
        student.fail(
            "Les deux salutations ne se sont pas déroulées en même temps.",
            call=call,
            observed=f"{problem}\n             affiché : {describe_events(events)}",
            expected="Bonjour Ada... | Bonjour Linus..., puis les deux « au revoir »",
            advice="dans saluer, attends avec await asyncio.sleep(duree), pas time.sleep",
        )


def test_main_lance_les_salutations(student: Student, capsys: pytest.CaptureFixture[str]) -> None:
    main = student.function("main", is_async=False)
    call = f"main({INVITES!r})"
    capsys.readouterr()
    outcome = run_sync(student, main, dict(INVITES), call=call, limit=5)
    events = greeting_events(capsys.readouterr().out, list(INVITES))
    if outcome.error is not None:
        student.fail(
            "L'appel a levé une exception.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="la liste des noms, sans exception",
        )
    if inspect.iscoroutine(outcome.value):
        outcome.value.close()
        student.fail(
            "main renvoie une coroutine : les salutations n'ont jamais été lancées.",
            call=call,
            observed="un objet coroutine",
            expected="['Ada', 'Linus', 'Grace']",
            advice="dans main, utilise asyncio.run(...) pour faire tourner la coroutine",
        )
    problem = first_overlap_problem(events, list(INVITES))
    value = list(outcome.value) if isinstance(outcome.value, list | tuple) else outcome.value
    if value != list(INVITES) or problem:
        student.fail(
            "main ne salue pas tout le monde en même temps, ou renvoie autre chose.",
            call=call,
            observed=f"{problem or 'ordre correct'}\n             "
            f"affiché : {describe_events(events)}\n             "
            f"renvoyé : {outcome.value!r}",
            expected="les trois « Bonjour » avant le premier « au revoir », "
            "puis ['Ada', 'Linus', 'Grace'] renvoyé",
        )

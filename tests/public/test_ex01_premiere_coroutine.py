"""Exercice 01 — tests publics : lance-les avec `nox -- 01`."""

import asyncio

import pytest

from tests.support.premiere_coroutine import (
    Greetings,
    describe_events,
    first_overlap_problem,
    greeting_events,
    run_main,
)
from tests.support.student import Student

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
    salutations = Greetings()  # notes when each greeting starts and ends
    saluer = salutations.timed(student.function("saluer"))
    call = "asyncio.gather(saluer('Ada', 0.04), saluer('Linus', 0.02))"
    capsys.readouterr()
    await student.call(
        asyncio.gather(saluer("Ada", 0.04), saluer("Linus", 0.02)), call=call, limit=5
    )
    # Dessinée avec l'échec : chaque salutation, une barre dans le temps, sur la forme attendue.
    student.show(salutations.all_at_once(student.started, {"Ada": 0.04, "Linus": 0.02}))
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
    salutations = Greetings()  # notes when each greeting starts and ends
    value, events, call = run_main(student, capsys, INVITES, greetings=salutations)
    # Dessinée avec l'échec : chaque salutation, une barre dans le temps, sur la forme attendue.
    student.show(salutations.all_at_once(student.started, INVITES))
    problem = first_overlap_problem(events, list(INVITES))
    returned = value
    value = list(value) if isinstance(value, list | tuple) else value
    if value != list(INVITES) or problem:
        student.fail(
            "main ne salue pas tout le monde en même temps, ou renvoie autre chose.",
            call=call,
            observed=f"{problem or 'ordre correct'}\n             "
            f"affiché : {describe_events(events)}\n             "
            f"renvoyé : {returned!r}",
            expected="les trois « Bonjour » avant le premier « au revoir », "
            "puis ['Ada', 'Linus', 'Grace'] renvoyé",
        )

"""Exercice 03 — tests publics : lance-les avec `nox -- 03`."""

import pytest

from tests.support.cuisine import Kitchen, check_call, check_overlap
from tests.support.student import Student

CALL = "preparer_repas('gratin', 'salade', cuire, preparer)"
EXPECTED = ("salade prête", "gratin cuit")


async def prepare(student: Student, cuisine: Kitchen) -> object:
    preparer_repas = student.function("preparer_repas")
    cuire = cuisine.step("cuire", lambda plat: f"{plat} cuit", 0.06)
    preparer = cuisine.step("preparer", lambda entree: f"{entree} prête", 0.02)
    repas = await student.call(
        preparer_repas("gratin", "salade", cuire, preparer), call=CALL, limit=5
    )
    # Dessinée avec l'échec : chaque étape, une barre dans le temps, sur la forme attendue.
    student.show(cuisine.side_by_side(student.started, {"cuire": "gratin", "preparer": "salade"}))
    # D'abord ce qui nomme l'erreur : une tâche renvoyée, une étape lancée deux fois,
    # une coroutine jamais attendue.
    items = {"cuire": "gratin", "preparer": "salade"}
    await check_call(student, cuisine, CALL, repas, items, EXPECTED)
    return repas


@pytest.mark.asyncio
async def test_renvoie_l_entree_et_le_plat(student: Student) -> None:
    repas = await prepare(student, Kitchen())
    if not isinstance(repas, list | tuple) or tuple(repas) != EXPECTED:
        student.fail(
            "preparer_repas ne renvoie pas l'entrée préparée et le plat cuit.",
            call=CALL,
            observed=repr(repas),
            expected=repr(EXPECTED),
        )


@pytest.mark.asyncio
async def test_la_cuisson_avance_pendant_la_preparation(student: Student) -> None:
    cuisine = Kitchen()
    await prepare(student, cuisine)
    check_overlap(student, cuisine, CALL)

"""Exercice 03 — tests publics : lance-les avec `nox -- 03`."""

import pytest

from tests.support.cuisine import Kitchen
from tests.support.student import Student

CALL = "preparer_repas('gratin', 'salade', cuire, preparer)"


async def prepare(student: Student, cuisine: Kitchen) -> object:
    preparer_repas = student.function("preparer_repas")
    cuire = cuisine.step("cuire", lambda plat: f"{plat} cuit", 0.06)
    preparer = cuisine.step("preparer", lambda entree: f"{entree} prête", 0.02)
    return await student.call(
        preparer_repas("gratin", "salade", cuire, preparer), call=CALL, limit=5
    )


@pytest.mark.asyncio
async def test_renvoie_l_entree_et_le_plat(student: Student) -> None:
    repas = await prepare(student, Kitchen())
    if not isinstance(repas, list | tuple) or tuple(repas) != ("salade prête", "gratin cuit"):
        student.fail(
            "preparer_repas ne renvoie pas l'entrée préparée et le plat cuit.",
            call=CALL,
            observed=repr(repas),
            expected="('salade prête', 'gratin cuit')",
        )


@pytest.mark.asyncio
async def test_la_cuisson_avance_pendant_la_preparation(student: Student) -> None:
    cuisine = Kitchen()
    await prepare(student, cuisine)
    # Dessinée avec l'échec : chaque étape, une barre dans le temps, sur la forme attendue.
    student.show(cuisine.side_by_side(student.started, {"cuire": "gratin", "preparer": "salade"}))
    if cuisine.in_flight.peak < 2:
        student.fail(
            "La cuisson n'a pas avancé pendant la préparation de l'entrée.",
            call=CALL,
            observed=cuisine.describe(),
            expected="cuire('gratin') commence avant que preparer('salade') finisse",
            advice="lance la cuisson avec asyncio.create_task avant d'attendre preparer",
        )

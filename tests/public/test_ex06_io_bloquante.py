"""Exercice 06 — tests publics : lance-les avec `nox -- 06`."""

import pytest

from tests.support.blocking_io import (
    Case,
    check_loop_responsive,
    check_other_threads,
    check_overlap,
    check_results,
    observe,
)
from tests.support.student import Student

CASE = Case(
    identifiants=[11, 22, 33],
    profiles={
        11: {"id": 11, "nom": "Ada", "ville": "Lyon"},
        22: {"id": 22, "nom": "Alan", "ville": "Brest"},
        33: {"id": 33, "nom": "Grace", "ville": "Nice"},
    },
    delays={11: 0.12, 22: 0.08, 33: 0.10},
)


@pytest.mark.asyncio
async def test_renvoie_les_profils_dans_l_ordre_des_identifiants(student: Student) -> None:
    check_results(student, await observe(student, CASE))


@pytest.mark.asyncio
async def test_liste_vide(student: Student) -> None:
    check_results(student, await observe(student, Case([], {}, {})))


@pytest.mark.asyncio
async def test_la_boucle_reste_libre_pendant_les_appels(student: Student) -> None:
    seen = await observe(student, CASE, ask_loop=True)
    # Drawn with the failure: each call to the client as a bar in time, on the row
    # of the thread that ran it, next to the expected shape.
    student.show(seen.timeline())
    check_loop_responsive(student, seen)
    check_other_threads(student, seen)


@pytest.mark.asyncio
async def test_les_lectures_se_chevauchent(student: Student) -> None:
    seen = await observe(student, CASE, hold=True)
    student.show(seen.timeline())  # drawn with the failure, as above
    check_overlap(student, seen)

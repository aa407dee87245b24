"""Exercice 07 — tests publics : lance-les avec `nox -- 07`.

Ils utilisent la façon de démarrer les processus par défaut de ta machine ;
les tests de notation essaient aussi les autres.
"""

import pytest

from tests.support.offload import (
    check_loop_responsive,
    expected_results,
    observe,
    returned_reports,
)
from tests.support.student import Student


@pytest.mark.asyncio
async def test_resultats_justes_sans_bloquer_la_boucle(student: Student) -> None:
    seen = await observe(student, None)
    # Drawn with the failure: each computation as a bar in time, on the row of the
    # process that ran it, next to the expected shape.
    student.show(seen.timeline())
    got = [r.result for r in returned_reports(student, seen)]
    expected = expected_results(seen.values)
    if got != expected:
        student.fail(
            "Les résultats ne sont pas ceux de travail(valeur), dans l'ordre.",
            call=seen.call,
            observed=", ".join(map(str, got)),
            expected=", ".join(map(str, expected)),
        )
    check_loop_responsive(student, seen)

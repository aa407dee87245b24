"""Exercice 07 — tests publics : lance-les avec `nox -- 07`.

Ils utilisent la façon de démarrer les processus par défaut de ta machine ;
les tests de notation essaient aussi les autres.
"""

import pytest

from tests.support.offload import check_loop_responsive, check_results, observe
from tests.support.student import Student


@pytest.mark.asyncio
async def test_resultats_justes_sans_bloquer_la_boucle(student: Student) -> None:
    seen = await observe(student, None)
    # Drawn with the failure: each computation as a bar in time, on the row of the
    # process that ran it, next to the expected shape.
    student.show(seen.timeline())
    # Le même diagnostic que les tests de notation (résultats rangés dans l'ordre
    # où les calculs ont fini…) : c'est souvent le premier échec que tu lis.
    check_results(student, seen)
    check_loop_responsive(student, seen)

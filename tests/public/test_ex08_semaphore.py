"""Exercice 08 — tests publics : lance-les avec `nox -- 08`."""

import pytest

from tests.support.limited_downloads import (
    Downloads,
    check_contents,
    check_limit_reached,
    check_never_above,
    check_slot_reused,
    run,
)
from tests.support.student import Student

URLS = [f"https://exemple.fr/{lettre}" for lettre in "abcdefgh"]
DELAYS = dict(zip(URLS, [0.03, 0.01, 0.02, 0.03, 0.01, 0.02, 0.01, 0.03], strict=True))


def downloads(limite: int, *, first_slow: bool = False) -> Downloads:
    """`first_slow` : le premier téléchargement lancé dure jusqu'à ce que toutes
    les autres urls aient démarré (ou qu'aucune ne démarre plus)."""
    contents = {u: f"<page {u[-1]}>" for u in URLS}
    return Downloads(URLS, limite, contents, lambda _, url: DELAYS[url], hold_first=first_slow)


@pytest.mark.asyncio
async def test_contenus_dans_l_ordre_des_urls(student: Student) -> None:
    case = downloads(3)
    check_contents(student, case, await run(student, case))


@pytest.mark.asyncio
@pytest.mark.parametrize("limite", [2, 3])
async def test_exactement_limite_en_meme_temps(student: Student, limite: int) -> None:
    case = downloads(limite)
    await run(student, case)
    # Dessinée avec l'échec : chaque téléchargement, une barre dans le temps, sur la forme attendue.
    student.show(case.sliding_window(student.started))
    check_never_above(student, case)
    check_limit_reached(student, case)


@pytest.mark.asyncio
async def test_une_place_liberee_sert_aussitot(student: Student) -> None:
    case = downloads(3, first_slow=True)
    await run(student, case)
    # Dessinée avec l'échec : chaque téléchargement, une barre dans le temps, sur la forme attendue.
    student.show(case.sliding_window(student.started))
    check_slot_reused(student, case)

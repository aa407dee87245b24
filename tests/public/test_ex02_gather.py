"""Exercice 02 — tests publics : lance-les avec `nox -- 02`."""

import pytest

from tests.support.concurrency import FakeService
from tests.support.student import Student

URLS = ["https://exemple.fr/a", "https://exemple.fr/b", "https://exemple.fr/c"]
DELAYS = {"https://exemple.fr/a": 0.06, "https://exemple.fr/b": 0.02, "https://exemple.fr/c": 0.04}


def service() -> FakeService[str]:
    return FakeService("telecharger", lambda url: f"<page {url[-1]}>", DELAYS.__getitem__)


@pytest.mark.asyncio
async def test_renvoie_les_contenus_dans_l_ordre_des_urls(student: Student) -> None:
    telecharger_tout = student.function("telecharger_tout")
    fake = service()
    call = "telecharger_tout(['…/a', '…/b', '…/c'], telecharger)"
    contenus = await student.call(telecharger_tout(URLS, fake.operation), call=call, limit=5)
    expected = ["<page a>", "<page b>", "<page c>"]
    if contenus != expected:
        student.fail(
            "Les contenus renvoyés ne sont pas les bons.",
            call=call,
            observed=repr(contenus),
            expected=repr(expected),
        )


@pytest.mark.asyncio
async def test_liste_vide(student: Student) -> None:
    telecharger_tout = student.function("telecharger_tout")
    fake = service()
    call = "telecharger_tout([], telecharger)"
    contenus = await student.call(telecharger_tout([], fake.operation), call=call, limit=5)
    if list(contenus) != []:
        student.fail(
            "Sans url, il n'y a rien à télécharger.",
            call=call,
            observed=repr(contenus),
            expected="[]",
        )


@pytest.mark.asyncio
async def test_les_telechargements_se_chevauchent(student: Student) -> None:
    telecharger_tout = student.function("telecharger_tout")
    fake = service()
    call = "telecharger_tout(['…/a', '…/b', '…/c'], telecharger)"
    await student.call(telecharger_tout(URLS, fake.operation), call=call, limit=5)
    # Dessinée avec l'échec : chaque téléchargement, une barre dans le temps, sur la forme attendue.
    student.show(fake.all_at_once(student.started, "un téléchargement", [(u,) for u in URLS]))
    if fake.in_flight.peak != len(URLS):
        student.fail(
            "Les téléchargements n'ont pas eu lieu en même temps.",
            call=call,
            observed=f"au plus {fake.in_flight.peak} téléchargement(s) en cours à la fois",
            expected=f"les {len(URLS)} téléchargements en cours en même temps",
            advice="lance-les tous avec asyncio.gather au lieu de les attendre un par un",
        )

"""Exercice 02 — tests publics : lance-les avec `nox -- 02`."""

import pytest

from tests.support.concurrency import FakeService
from tests.support.downloads import OUT_OF_ORDER_ADVICE, fail_if_pending, out_of_order
from tests.support.student import Student, describe_exception

URLS = ["https://exemple.fr/a", "https://exemple.fr/b", "https://exemple.fr/c"]
DELAYS = {"https://exemple.fr/a": 0.06, "https://exemple.fr/b": 0.02, "https://exemple.fr/c": 0.04}


def content(url: str) -> str:
    return f"<page {url[-1]}>"


def service() -> FakeService[str]:
    return FakeService("telecharger", content, DELAYS.__getitem__)


@pytest.mark.asyncio
async def test_renvoie_les_contenus_dans_l_ordre_des_urls(student: Student) -> None:
    telecharger_tout = student.function("telecharger_tout")
    fake = service()
    call = "telecharger_tout(['…/a', '…/b', '…/c'], telecharger)"
    contenus = await student.call(telecharger_tout(URLS, fake.operation), call=call, limit=5)
    expected = ["<page a>", "<page b>", "<page c>"]
    fail_if_pending(student, call, contenus)
    if contenus != expected and list(contenus) == [content(u) for (u,) in fake.completed]:
        student.fail(
            "Les contenus sont rangés dans l'ordre où les téléchargements se sont terminés.",
            call=call,
            observed=repr(contenus),
            expected=repr(expected),
            advice="asyncio.gather renvoie déjà les résultats dans l'ordre de ses arguments ; "
            "asyncio.as_completed, lui, les donne dans l'ordre de fin",
        )
    if contenus != expected:
        student.fail(
            "Les contenus renvoyés ne sont pas les bons.",
            call=call,
            observed=repr(contenus),
            expected=repr(expected),
            advice=OUT_OF_ORDER_ADVICE if out_of_order(contenus, expected) else None,
        )


@pytest.mark.asyncio
async def test_liste_vide(student: Student) -> None:
    telecharger_tout = student.function("telecharger_tout")
    fake = service()
    call = "telecharger_tout([], telecharger)"
    outcome = await student.outcome(telecharger_tout([], fake.operation), call=call, limit=5)
    if outcome.error is None:
        fail_if_pending(student, call, outcome.value)
    if outcome.error is not None:
        student.fail(
            "Sans url, telecharger_tout lève une exception au lieu de renvoyer une liste vide.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="[]",
            advice="asyncio.wait refuse un ensemble vide (ValueError) : traite la liste vide à "
            "part, ou passe par asyncio.gather, qui renvoie [] sans rien attendre",
        )
    if not isinstance(outcome.value, list | tuple) or list(outcome.value) != []:
        student.fail(
            "Sans url, il n'y a rien à télécharger.",
            call=call,
            observed=repr(outcome.value),
            expected="[]",
        )


@pytest.mark.asyncio
async def test_les_telechargements_se_chevauchent(student: Student) -> None:
    telecharger_tout = student.function("telecharger_tout")
    fake = service()
    call = "telecharger_tout(['…/a', '…/b', '…/c'], telecharger)"
    contenus = await student.call(telecharger_tout(URLS, fake.operation), call=call, limit=5)
    fail_if_pending(student, call, contenus)
    # Dessinée avec l'échec : chaque téléchargement, une barre dans le temps, sur la forme attendue.
    student.show(fake.all_at_once(student.started, "un téléchargement", [(u,) for u in URLS]))
    if fake.in_flight.peak != len(URLS):
        student.fail(
            "Les téléchargements n'ont pas eu lieu en même temps.",
            call=call,
            observed=f"au plus {fake.in_flight.peak} téléchargement(s) en cours à la fois",
            expected=f"les {len(URLS)} téléchargements en cours en même temps",
            advice="crée toutes les coroutines, puis attends-les ensemble : "
            "await asyncio.gather(*coroutines)",
        )

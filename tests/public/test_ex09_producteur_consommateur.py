"""Exercice 09 — tests publics : lance-les avec `nox -- 09`.

La source donne 4 fruits d'un coup, fait une pause, puis en donne 3 autres un
par un : la file est vide un moment alors que tout n'est pas encore arrivé.
"""

import pytest

from tests.support.student import Student, describe_exception
from tests.support.work_queue import (
    ErreurDeTraitement,
    Scenario,
    as_dict,
    call_watched,
    check_each_processed_once,
    check_no_coroutine,
    check_nothing_left,
    check_results,
    finished_call,
    scenario,
    too_few_at_once_advice,
)

ARRIVALS = [
    ("pomme", 0.0),
    ("poire", 0.0),
    ("prune", 0.0),
    ("kiwi", 0.0),
    ("figue", 0.08),
    ("datte", 0.01),
    ("mangue", 0.01),
]
DELAYS = {"pomme": 0.02, "poire": 0.01, "prune": 0.015, "kiwi": 0.01}


def fruits(*, failing: frozenset[str] = frozenset(), workers: int = 3) -> Scenario:
    answers = {fruit: f"{fruit} épluchée" for fruit, _ in ARRIVALS}
    delays = {fruit: DELAYS.get(fruit, 0.01) for fruit, _ in ARRIVALS}
    return scenario(ARRIVALS, answers, delays, workers, failing)


@pytest.mark.asyncio
async def test_renvoie_un_resultat_par_element(student: Student) -> None:
    case = fruits()
    done = await finished_call(student, case)
    # Les mêmes contrôles que les tests cachés : chaque échec dit ce qu'il a vu.
    results = as_dict(student, case, done.value)
    check_no_coroutine(student, case, results)
    check_results(student, case, results)
    check_each_processed_once(student, case)


@pytest.mark.asyncio
async def test_trois_travailleurs_en_meme_temps(student: Student) -> None:
    case = fruits()
    await finished_call(student, case)
    # Dessinée avec l'échec : chaque élément traité dans le temps, une ligne par travailleur.
    student.show(case.shared_between_workers(student.started))
    peak = case.processor.in_flight.peak
    if peak != 3:
        student.fail(
            "Il faut exactement 3 traitements en même temps quand nb_travailleurs vaut 3.",
            call=case.call,
            observed=f"au plus {peak} traitement(s) en même temps",
            expected="3 traitements en même temps pendant l'arrivée des 4 premiers fruits",
            advice=too_few_at_once_advice(case)
            if peak < 3
            else "démarre nb_travailleurs tâches travailleurs, et seulement elles appellent "
            "traiter",
        )


@pytest.mark.asyncio
@pytest.mark.parametrize("empty", [False, True], ids=["sept_fruits", "source_vide"])
async def test_aucune_tache_ne_reste_en_cours(student: Student, empty: bool) -> None:
    case = scenario([], {}, {}, 3) if empty else fruits()
    done = await finished_call(student, case)
    if not empty:  # dessinée avec l'échec : chaque élément traité, une barre dans le temps.
        student.show(case.shared_between_workers(student.started))
    check_nothing_left(student, case, done)


@pytest.mark.asyncio
async def test_une_erreur_devient_le_resultat(student: Student) -> None:
    case = fruits(failing=frozenset({"poire"}), workers=2)
    call = case.call + ", traiter('poire') lève ErreurDeTraitement"
    outcome = await call_watched(student, case)
    if outcome.error is not None:
        student.fail(
            "L'erreur de traiter('poire') a fait échouer tout l'appel.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="un dictionnaire où le résultat de 'poire' est l'exception levée",
        )
    results = outcome.value.value
    got = results.get("poire") if isinstance(results, dict) else results
    if not isinstance(got, ErreurDeTraitement):
        student.fail(
            "Le résultat de 'poire' devrait être l'exception levée par traiter.",
            call=call,
            observed=f"résultats : {results!r}",
            expected="resultats['poire'] est l'ErreurDeTraitement levée par traiter('poire'), "
            "et les autres fruits ont leur résultat",
        )
    others = {fruit: value for fruit, value in results.items() if fruit != "poire"}
    expected = {fruit: f"{fruit} épluchée" for fruit, _ in ARRIVALS if fruit != "poire"}
    if others != expected:
        student.fail(
            "Les autres fruits doivent être traités normalement.",
            call=call,
            observed=repr(others),
            expected=repr(expected),
        )

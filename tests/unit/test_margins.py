"""The margins tool's cases are well formed (no measurement is run here)."""

from collections import Counter

from tools.common.manifest import exercise_by_id
from tools.maintainer.margins import all_cases


def test_every_case_has_a_unique_label():
    labels = Counter(case.label for case in all_cases())
    assert [label for label, n in labels.items() if n > 1] == []


def test_every_case_names_an_exercise_and_an_existing_wrong_answer():
    for case in all_cases():
        exercise_by_id(case.exercise)  # raises for an unknown id
        assert case.bound > 0, case.label
        if case.wrong is not None:
            assert case.wrong.is_file(), case.label
            # The stub of the exercise, or one of its own mutants.
            assert case.wrong.parent.name in {"exercises", case.exercise}, case.label


def test_a_filter_keeps_cases_by_label_or_exercise():
    cases = all_cases()
    assert {c.exercise for c in cases if c.matches("ex10")} == {"ex10_serveur_tcp"}
    kept = [c for c in cases if c.matches("timeouterror")]
    assert kept
    assert all("TimeoutError" in c.label for c in kept)

"""The manifest is complete, consistent with the files, and validated."""

import re

import pytest

from tools.common.manifest import ManifestError, load_manifest, parse_manifest, render_readme
from tools.common.paths import COURSE, HIDDEN_TESTS, PUBLIC_TESTS, ROOT, TREES

EXERCISES = load_manifest()

GOOD = """
[[exercise]]
id = "ex01_demo"
title = "Démo"
points = 3
sections = ["Première coroutine"]
hints = ["un indice"]
"""


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_every_exercise_has_its_four_files(exercise):
    for path in (
        TREES["exercises"] / exercise.file_name,
        TREES["solutions"] / exercise.file_name,
        PUBLIC_TESTS / exercise.test_file_name,
        HIDDEN_TESTS / exercise.test_file_name,
    ):
        assert path.is_file(), f"{exercise.id}: {path.relative_to(ROOT)} manque"


def test_no_file_without_a_manifest_entry():
    known = {ex.file_name for ex in EXERCISES}
    for folder in (TREES["exercises"], TREES["solutions"]):
        extra = {p.name for p in folder.glob("*.py")} - known
        assert not extra, f"{folder.name}/ contient des fichiers absents du manifeste : {extra}"
    tests = {ex.test_file_name for ex in EXERCISES}
    for folder in (PUBLIC_TESTS, HIDDEN_TESTS):
        extra = {p.name for p in folder.glob("test_*.py")} - tests
        assert not extra, f"{folder.name}/ : tests sans exercice dans le manifeste : {extra}"


def test_sections_are_headings_of_the_course():
    headings = set(re.findall(r"^#+ (.+?)\s*$", COURSE.read_text(encoding="utf-8"), re.M))
    for ex in EXERCISES:
        for section in ex.sections:
            assert section in headings, f"{ex.id}: section inconnue du cours : {section!r}"


def test_stub_opens_with_a_french_statement_naming_the_course_sections():
    for ex in EXERCISES:
        text = (TREES["exercises"] / ex.file_name).read_text(encoding="utf-8")
        assert text.startswith(f'"""Exercice {ex.number} — '), ex.id
        for heading in ("Ce que fait ce code", "Ce qui ne va pas", "Ce qu'il faut changer"):
            assert heading in text, f"{ex.id}: l'énoncé n'a pas la partie « {heading} »"
        for section in ex.sections:
            assert f"« {section} »" in text, f"{ex.id}: l'énoncé ne cite pas « {section} »"


def test_a_valid_entry_parses():
    (ex,) = parse_manifest(GOOD)
    assert (ex.id, ex.number, ex.points, ex.hints) == ("ex01_demo", "01", 3, ("un indice",))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('id = "ex01_demo"', 'id = "demo"'), "format exNN_nom"),
        (("points = 3", "points = 0"), "points"),
        (("points = 3", "points = true"), "points"),
        (('hints = ["un indice"]', "hints = []"), "hints"),
        (('sections = ["Première coroutine"]', ""), "sections"),
        (("points = 3", "points = 3\nbonus = 1"), "inconnu"),
        (("points = 3", "points = 3\ntimeout = -1"), "timeout"),
    ],
)
def test_malformed_entries_are_rejected(change, message):
    with pytest.raises(ManifestError, match=message):
        parse_manifest(GOOD.replace(*change))


def test_duplicates_and_disorder_are_rejected():
    second = GOOD.replace("ex01_demo", "ex01_autre")
    with pytest.raises(ManifestError, match="double"):
        parse_manifest(GOOD + second)
    with pytest.raises(ManifestError, match="rangés"):
        parse_manifest(GOOD.replace("ex01_demo", "ex05_b") + GOOD.replace("ex01_demo", "ex03_a"))


def test_readme_table_is_rendered_from_the_manifest():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(readme, EXERCISES) == readme, (
        "README.md n'est pas à jour : lance python -m tools.common.manifest"
    )


def test_points_total_100():
    assert sum(ex.points for ex in EXERCISES) == 100


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_every_statement_shows_its_promises_word_for_word(exercise):
    from tools.maintainer.requirements import statement_drift

    assert any(not r.common for r in exercise.requirements), (
        f"{exercise.id} : aucune exigence (E1…) dans manifest.toml"
    )
    drift = statement_drift(exercise, TREES["exercises"] / exercise.file_name)
    assert not drift, f"{exercise.id} : {drift} (python -m tools.maintainer.requirements)"

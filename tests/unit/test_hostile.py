"""The runner of the hostile corpus (tools/maintainer/hostile.py): its pure parts.

Grading the corpus itself takes about a minute and is its own step of
`nox -s check` (`python -m tools.maintainer.hostile`); these tests only read the
case files, judge made-up reports, render the table, and look for a harmless
process of their own by its marker.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tools.common.manifest import load_manifest
from tools.grading.report import ERROR, FAILED, PASSED, ExerciseResult, Report
from tools.maintainer import hostile
from tools.maintainer.hostile import (
    Case,
    CaseError,
    CaseOutcome,
    GradingRun,
    Leftover,
    control_for,
    copy_repository,
    find_marked,
    judge,
    kill_all,
    lingering,
    load_cases,
    parse_case,
    render_failures,
    render_table,
    select_cases,
)

IDS = [ex.id for ex in load_manifest()]

GOOD = '''"""os._exit(0) à l'appel : le processus de test disparaît.

Explications libres, sur plusieurs lignes.

Exercice : ex04_await_oublie
Message attendu : os._exit() | arrêtés au milieu
Durée max : 12,5 s
Systèmes : linux, darwin
"""

import os
'''


def test_a_docstring_gives_description_exercise_phrases_and_bound(tmp_path):
    case = parse_case(tmp_path / "os_exit.py", GOOD)
    assert case.name == "os_exit"
    assert case.description == "os._exit(0) à l'appel : le processus de test disparaît."
    assert case.exercise == "ex04_await_oublie"
    assert case.phrases == ("os._exit()", "arrêtés au milieu")
    assert case.bound == 12.5
    assert case.platforms == ("linux", "darwin")
    assert case.runs_on("linux")
    assert case.runs_on("darwin")
    assert not case.runs_on("win32")


def test_a_file_that_is_not_python_still_has_its_docstring_read(tmp_path):
    text = (
        '# -*- coding: utf-8 -*-\n"""Syntaxe.\n\nExercice : ex02_gather\nMessage attendu : x\n"""\n'
    )
    case = parse_case(tmp_path / "s.py", text + "def f(:\n")
    assert (case.exercise, case.phrases, case.bound) == ("ex02_gather", ("x",), None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("import os\n", "docstring"),
        ('"""\nExercice : ex04_x\nMessage attendu : a\n"""\n', "première ligne"),
        ('"""Desc.\n\nMessage attendu : a\n"""\n', "Exercice"),
        ('"""Desc.\n\nExercice : 04\nMessage attendu : a\n"""\n', "Exercice"),
        ('"""Desc.\n\nExercice : ex04_x\n"""\n', "Message attendu"),
        ('"""Desc.\n\nExercice : ex04_x\nMessage attendu :  | \n"""\n', "Message attendu"),
        ('"""Desc.\n\nExercice : ex04_x\nMessage attendu : a\nDurée max : vite\n"""', "Durée"),
        ('"""Desc.\n\nExercice : ex04_x\nExercice : ex02_y\nMessage attendu : a\n"""', "deux"),
        ('"""Desc.\n\nExercice : ex04_x\nMessage attendu : a\nSystèmes :\nSuite."""', "vide"),
        ('"""Desc.\n\nExercice :\nex04_x\nMessage attendu : a\n"""', "Exercice"),
    ],
)
def test_a_malformed_docstring_is_refused_in_french(tmp_path, text, words):
    with pytest.raises(CaseError, match=words):
        parse_case(tmp_path / "mauvais.py", text)


def test_an_unknown_exercise_is_refused(tmp_path):
    (tmp_path / "cas.py").write_text(GOOD.replace("ex04_await_oublie", "ex99_rien"), "utf-8")
    with pytest.raises(CaseError, match="ex99_rien"):
        load_cases(tmp_path, IDS)


# Each kind of bad submission the issue lists, by the case that covers it.
REQUIRED = {
    "erreur_de_syntaxe", "exception_a_l_import", "sys_exit_a_l_import", "sys_exit_a_l_appel",
    "os_exit_a_l_import", "os_exit_a_l_appel", "boucle_infinie", "await_sans_fin",
    "time_sleep_bloquant", "keyboard_interrupt", "systemexit_dans_une_tache",
    "baseexception_maison", "cancelled_error_avalee", "affiche_10_mo", "enfant_sans_fin",
    "enfant_nouvelle_session", "enfant_double_fork", "remplace_perf_counter",
    "remplace_monotonic", "remplace_asyncio_sleep", "remplace_temps_de_la_boucle",
    "remplace_temps_de_la_boucle_en_cours", "remplace_temps_de_la_classe_de_boucle",
    "alarm_zero_puis_boucle", "nouveau_sigalrm_puis_boucle", "reponse_en_dur",
    "ecrit_dans_ses_tests", "ecrit_les_tests_d_un_autre",
}  # fmt: skip


def test_the_corpus_is_well_formed_and_complete():
    cases = load_cases(hostile.CASES_DIR, IDS)
    assert {c.name for c in cases} >= REQUIRED
    for case in cases:
        assert len(case.description) > 20, case.name
        # Never collected by pytest, never imported as a package.
        assert not case.name.startswith("test_"), case.name
    assert not (hostile.CASES_DIR / "__init__.py").exists()


def test_the_control_is_02_unless_02_is_the_target():
    assert control_for("ex04_await_oublie") == "ex02_gather"
    assert control_for("ex01_premiere_coroutine") == "ex02_gather"
    assert control_for("ex02_gather") == "ex04_await_oublie"


def make_case(name="cas", exercise="ex04_await_oublie", phrases=("arrêtés au milieu",)):
    return Case(name, Path(f"{name}.py"), "Description.", exercise, phrases, None)


def test_cases_are_chosen_by_name_or_exercise():
    cases = [make_case("boucle_infinie"), make_case("reponse_en_dur", "ex02_gather")]
    assert [c.name for c in select_cases(cases, "BOUCLE")] == ["boucle_infinie"]
    assert [c.name for c in select_cases(cases, "ex02")] == ["reponse_en_dur"]
    assert select_cases(cases, None) == cases


# -- judging a run ---------------------------------------------------------------------


def result(number, exercise, status, points, max_points, messages=(), passed=6, total=6):
    return ExerciseResult(
        id=exercise, number=number, title="Titre", file=f"exercises/{exercise}.py",
        status=status, points=points, max_points=max_points, passed=passed, failed=total - passed,
        total=total, hidden_tests=True, duration_s=1.0, messages=list(messages),
    )  # fmt: skip


CLEAN = {"ex02_gather": result("02", "ex02_gather", PASSED, 8, 8, passed=7, total=7)}
BROKEN = "[04 · Titre] Les tests se sont arrêtés au milieu (0 test(s) terminé(s) sur 6)."
# The regression the check was written for: the student's error described as nothing.
EMPTY_OBSERVED = f"{BROKEN}\n  Observé  : \n  Attendu  : aucune exception"


def grading(control=None, target=None, **changes):
    exercises = [
        control or result("02", "ex02_gather", PASSED, 8, 8, passed=7, total=7),
        target or result("04", "ex04_await_oublie", ERROR, 0, 6, [BROKEN], passed=0),
    ]
    report = Report(
        grader_version="0", token="t", tree="exercises", python="3", platform="x",
        started_at="", duration_s=1.0, points=sum(e.points for e in exercises),
        max_points=14, hidden_tests=True, fingerprints={}, workflow=None, tests_source=None,
        exercises=exercises,
    )  # fmt: skip
    values = {
        "duration": 2.0, "returncode": 0, "hard_killed": False, "report": report,
        "report_error": None, "summary_written": True, "leftovers": [], "folder": Path("."),
    }  # fmt: skip
    values.update(changes)
    return GradingRun(**values)


def test_a_run_that_costs_only_the_target_passes():
    assert judge(make_case(), grading(), 30, CLEAN) == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"duration": 31.0}, "borne de 30 s"),
        ({"hard_killed": True, "duration": 90.0}, "arrêté au bout de 90 s"),
        ({"returncode": 1}, "code 1"),
        ({"returncode": 3}, "code 3"),
        ({"summary_written": False}, "resume.md"),
        ({"leftovers": [Leftover(42, "python -c sleep", "environnement")]}, "pid 42"),
        ({"report": None, "report_error": "jeton différent"}, "jeton différent"),
        (
            {"control": result("02", "ex02_gather", FAILED, 0, 8, ["[02 · T] Raté."], 6, 7)},
            "témoin ex02_gather a perdu ses points",
        ),
        (
            {"control": result("02", "ex02_gather", PASSED, 8, 8, passed=1, total=1)},
            "1/1 au lieu de 7/7",
        ),
        (
            {"target": result("04", "ex04_await_oublie", PASSED, 6, 6, [BROKEN])},
            "a obtenu des points : 6/6",
        ),
        (
            {"target": result("04", "ex04_await_oublie", FAILED, 0, 6, ["[04 · T] Autre."])},
            "« arrêtés au milieu »",
        ),
        (
            {"target": result("04", "ex04_await_oublie", FAILED, 0, 6, [BROKEN, "E   Trace"])},
            "1 message(s) sur 2 ne sont pas des messages en français",
        ),
        ({"target": result("04", "ex04_await_oublie", FAILED, 0, 6, [])}, "aucun message"),
        (
            {"target": result("04", "ex04_await_oublie", FAILED, 0, 6, [EMPTY_OBSERVED])},
            "rubrique vide (Observé)",
        ),
    ],
    ids=[
        "too-long", "stuck", "exit-code-1", "exit-code-internal", "summary", "leftover",
        "no-report", "control-points",
        "control-tests", "target-points", "phrase", "raw-message", "no-message",
        "empty-section",
    ],
)  # fmt: skip
def test_each_shortfall_is_reported_in_french(changes, words):
    run_changes = {k: v for k, v in changes.items() if k not in ("control", "target")}
    run = grading(changes.get("control"), changes.get("target"), **run_changes)
    failures = judge(make_case(), run, 30, CLEAN)
    assert any(words in f for f in failures), failures


def test_phrases_ignore_case_spacing_and_apostrophe_style():
    message = "[04 · T] L’appel  ne s’est\npas terminé."
    target = result("04", "ex04_await_oublie", FAILED, 0, 6, [message])
    case = make_case(phrases=("l'appel ne s'est pas terminé",))
    assert judge(case, grading(target=target), 30, CLEAN) == []


# -- the table -------------------------------------------------------------------------


def test_a_case_meant_for_another_system_is_skipped_without_grading():
    case = Case("x", Path("x.py"), "D.", "ex04_await_oublie", ("a",), None, ("nulle-part",))
    outcome = hostile.run_case(case, {}, budget=10)
    assert (outcome.verdict, outcome.failures, outcome.duration) == ("ignoré", [], None)
    assert "nulle-part" in render_table([outcome])
    assert render_failures([outcome]) == ""


def test_the_table_has_one_row_per_case_and_the_failures_follow():
    ok = CaseOutcome(make_case("boucle_infinie"), 11.04, [], first_line="arrêtée " + "x" * 200)
    bad = CaseOutcome(make_case("reponse_en_dur", "ex02_gather"), None, ["rapport absent"])
    table = render_table([ok, bad]).splitlines()
    assert table[0].split() == ["Cas", "Ex.", "Durée", "Verdict", "Premier", "message"]
    assert table[1].split()[:5] == ["boucle_infinie", "04", "11,0", "s", "ok"]
    assert table[1].endswith("…")
    assert len(table[1]) < 160
    assert table[2].split()[:4] == ["reponse_en_dur", "02", "—", "ÉCHEC"]
    details = render_failures([ok, bad])
    assert "reponse_en_dur" in details
    assert "- rapport absent" in details
    assert "boucle_infinie" not in details


# -- the repository copy and the processes left behind ---------------------------------


def test_the_copy_holds_the_grading_files_and_the_case_only(tmp_path):
    case_file = tmp_path / "cas.py"
    case_file.write_text("# le cas\n", encoding="utf-8")
    tree = copy_repository(tmp_path / "depot", case_file, "ex04_await_oublie")
    repo = tmp_path / "depot"
    assert tree == repo / "exercises"
    assert (tree / "ex04_await_oublie.py").read_text(encoding="utf-8") == "# le cas\n"
    assert (tree / "ex02_gather.py").is_file()
    for needed in ("conftest.py", "pyproject.toml", "manifest.toml", "tools/grading/grader.py"):
        assert (repo / needed).is_file(), needed
    assert (repo / "tests" / "hidden" / "test_ex04_await_oublie.py").is_file()
    for absent in ("unit", "mutants", "hostile"):
        assert not (repo / "tests" / absent).exists(), absent
    assert not list(repo.rglob("__pycache__"))


@pytest.fixture
def marked_child(tmp_path):
    marker = uuid.uuid4().hex
    env = {**os.environ, hostile.MARKER_VARIABLE: marker}
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], env=env, cwd=tmp_path
    )
    yield marker, child
    child.kill()
    child.wait()


def test_a_marked_process_is_found_then_killed(marked_child):
    marker, child = marked_child
    found = find_marked(marker)
    assert [p.pid for p in found] == [child.pid]
    assert "time.sleep(30)" in found[0].command
    assert find_marked(uuid.uuid4().hex) == []
    kill_all(found)
    child.wait(timeout=5)
    assert lingering(marker, None, grace=1.0) == []


def test_a_process_working_in_the_folder_is_found_without_the_marker(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path)
    try:
        found = find_marked(uuid.uuid4().hex, tmp_path)
        assert [(p.pid, p.found_by) for p in found] == [(child.pid, "dossier courant")]
    finally:
        child.kill()
        child.wait()


def test_a_case_may_give_the_grader_a_budget_of_its_own(tmp_path):
    case = parse_case(tmp_path / "lent.py", GOOD.replace("Durée max : 12,5 s", "Budget : 60 s"))
    assert case.budget == 60.0
    assert case.bound is None
    assert parse_case(tmp_path / "os_exit.py", GOOD).budget is None
    with pytest.raises(CaseError, match="Budget"):
        parse_case(tmp_path / "lent.py", GOOD.replace("Durée max : 12,5 s", "Budget : bientôt"))

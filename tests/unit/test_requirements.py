"""Requirements as data: parsed from the manifest, shown word for word in the
statement, and traced to hidden tests and mutants; the checks can fail."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from tests.support import course_rules
from tools.common.manifest import ManifestError, exercise_by_id, parse_manifest
from tools.common.paths import ROOT
from tools.grading.report import distinct_failures
from tools.grading.results import CaseResult, load_run
from tools.maintainer import requirements, selfcheck
from tools.maintainer.selfcheck import Mutant, Verdicts, check_promises, run_tests

MANIFEST = """
[common_requirements]
C1 = "La boucle n'est jamais bloquée."
C2 = "Rien ne tourne encore au retour."

[[exercise]]
id = "ex01_demo"
title = "Démo"
points = 3
sections = ["Première coroutine"]
hints = ["un indice"]
common = ["C2"]
[exercise.requirements]
E1 = '''La fonction renvoie la liste des résultats, dans l'ordre des entrées, même quand la
phrase est assez longue pour tenir sur deux lignes.'''
E2 = "Chaque entrée est traitée une seule fois."
"""

STUB = '''"""Exercice 01 — Démo.

Ce qui ne va pas
    Tout.

À relire dans le cours
    « Première coroutine »
"""


async def f():
    pass
'''


@pytest.fixture
def exercise():
    return parse_manifest(MANIFEST)[0]


def test_requirements_are_read_in_order_with_the_common_rules_last(exercise):
    assert [r.id for r in exercise.requirements] == ["E1", "E2", "C2"]
    assert exercise.common_rules == ("C2",)
    assert exercise.requirement("C2").text == "Rien ne tourne encore au retour."
    assert exercise.requirement("C1") is None  # not kept by this exercise


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("E2 =", "E3 ="), "sans trou"),
        (('common = ["C2"]', 'common = ["C9"]'), "inconnue"),
        (("E1 =", "X1 ="), "requirements"),
    ],
)
def test_malformed_requirements_are_refused(change, said):
    with pytest.raises(ManifestError, match=said):
        parse_manifest(MANIFEST.replace(*change))


def test_the_statement_section_is_written_then_agrees(exercise, tmp_path):
    stub = tmp_path / "ex01_demo.py"
    stub.write_text(STUB, encoding="utf-8")
    assert "pas de section" in requirements.statement_drift(exercise, stub)[0]
    written = requirements.rewrite_statement(exercise, STUB)
    stub.write_text(written, encoding="utf-8")
    assert requirements.statement_drift(exercise, stub) == []
    assert written.index("Ce qui est vérifié") < written.index("À relire dans le cours")
    assert "    E1. La fonction renvoie" in written
    assert max(len(line) for line in written.splitlines()) <= requirements.WIDTH + 4
    # Written twice, the same text: the section is replaced, not added again.
    assert requirements.rewrite_statement(exercise, written) == written


def test_a_statement_that_drifts_from_the_manifest_is_reported(exercise, tmp_path):
    stub = tmp_path / "ex01_demo.py"
    text = requirements.rewrite_statement(exercise, STUB)
    stub.write_text(text.replace("une seule fois", "au moins une fois"), encoding="utf-8")
    assert any("E2 diffère" in p for p in requirements.statement_drift(exercise, stub))
    stub.write_text(text.replace("    C2. ", "    C3. "), encoding="utf-8")
    problems = requirements.statement_drift(exercise, stub)
    assert "C2 manque dans l'énoncé" in problems
    assert "C3 est dans l'énoncé mais pas dans manifest.toml" in problems


def test_a_mutant_declares_the_promises_it_breaks():
    source = '"""Oublie le await.\n\nExigence : E2, C1\nMessage attendu : await\n"""\n'
    assert requirements.declared_requirements(source) == ("E2", "C1")
    assert requirements.declared_requirements('"""Sans ligne."""\n') == ()
    broken = '"""Erreur de syntaxe.\n\nExigence : E1\n"""\ndef f(:\n'
    assert requirements.declared_requirements(broken) == ("E1",)


TESTS = {"test_ordre": ["E1"], "test_une_fois": ["E2"]}
MUTANTS = {
    "desordre.py": (("E1",), ["test_ordre"]),
    "deux_fois.py": (("E2",), ["test_une_fois"]),
    "tache_oubliee.py": (("C2",), ["test_ordre"]),
}


def test_a_complete_trace_has_no_problem_and_a_full_table(exercise):
    traced = requirements.traceability(exercise, TESTS, MUTANTS)
    assert traced.problems == []
    assert [(r.requirement.id, r.tests, r.mutants) for r in traced.rows] == [
        ("E1", ["test_ordre"], ["desordre.py"]),
        ("E2", ["test_une_fois"], ["deux_fois.py"]),
        ("C2", ["test_ordre", "test_une_fois"], ["tache_oubliee.py"]),
    ]
    table = requirements.table([traced])
    assert "manque" not in table
    assert len(table.splitlines()) == 4
    assert "desordre.py" not in table


def test_the_detailed_table_names_each_requirement_s_tests_and_mutants(exercise):
    tests = {**TESTS, "test_une_fois": ["E1"]}  # E2 loses its only test
    traced = requirements.traceability(exercise, tests, MUTANTS)
    lines = requirements.table([traced], detail=True).splitlines()
    assert len(lines) == 1 + 3 * 3  # the header, then three lines per requirement
    e1 = next(i for i, line in enumerate(lines) if line.startswith("01        E1 "))
    assert lines[e1 + 1] == " " * 20 + "tests   : test_ordre, test_une_fois"
    assert lines[e1 + 2] == " " * 20 + "mutants : desordre.py"
    e2 = next(i for i, line in enumerate(lines) if line.startswith("01        E2 "))
    assert lines[e2].endswith("<- manque")
    assert lines[e2 + 1].endswith("tests   : aucun")
    assert lines[e2 + 2].endswith("mutants : aucun")


def test_a_requirement_that_loses_its_test_fails_the_check(exercise):
    tests = {"test_ordre": ["E1"], "test_une_fois": ["E1"]}
    traced = requirements.traceability(exercise, tests, MUTANTS)
    assert "E2 n'est vérifiée par aucun test caché" in traced.problems
    assert "<- manque" in requirements.table([traced])


def test_a_requirement_that_loses_its_mutant_fails_the_check(exercise):
    mutants = {k: v for k, v in MUTANTS.items() if k != "deux_fois.py"}
    traced = requirements.traceability(exercise, TESTS, mutants)
    assert any(p.startswith("E2 n'a aucun mutant") for p in traced.problems)


def test_a_mutant_caught_only_by_another_promise_s_test_does_not_count(exercise):
    mutants = {**MUTANTS, "deux_fois.py": (("E2",), ["test_ordre"])}
    traced = requirements.traceability(exercise, TESTS, mutants)
    assert any(p.startswith("E2 n'a aucun mutant") for p in traced.problems)


def test_unnamed_or_unknown_promises_fail_the_check(exercise):
    tests = {**TESTS, "test_sans_marque": [], "test_inconnu": ["E7"]}
    mutants = {**MUTANTS, "muet.py": ((), ["test_ordre"]), "autre.py": (("C1",), ["test_ordre"])}
    problems = requirements.traceability(exercise, tests, mutants).problems
    assert any("test_sans_marque ne nomme aucune exigence" in p for p in problems)
    assert any("test_inconnu nomme E7" in p for p in problems)
    assert any("muet.py ne dit pas quelle exigence" in p for p in problems)
    assert any("autre.py nomme C1" in p for p in problems)  # C1 is not kept here


def test_the_same_failure_in_several_tests_is_said_once():
    def message(call: str, advice: str = "attends-les") -> str:
        return (
            f"[02 · Démo] Des tâches tournent encore.\n  Appel    : {call}\n"
            f"  Observé  : 1 tâche\n  Attendu  : aucune\n  Conseil  : {advice}"
        )

    said = distinct_failures([message("f(1)"), message("f(2)"), message("f(3)", "autre")])
    assert len(said) == 2
    assert said[0].startswith(message("f(1)"))
    assert "vue par 2 tests" in said[0]
    assert said[1] == message("f(3)", "autre")


# -- the course's rules, measured around a call ------------------------------


async def watched(rules, coroutine):
    watch = course_rules.RuleWatch(rules)
    await watch.watch(coroutine, call="f()", limit=5)
    return sorted(v.rule for v in watch.violations)


async def clean():
    task = asyncio.create_task(asyncio.sleep(0.01))
    await task
    return 1


async def leaves_a_task():
    asyncio.create_task(asyncio.sleep(1))  # noqa: RUF006 - the mistake under test


async def loses_an_error():
    async def fails():
        raise ValueError("perdue")

    asyncio.create_task(fails())  # noqa: RUF006 - the mistake under test
    await asyncio.sleep(0.01)


async def hushes_an_error():
    async def fails():
        raise ValueError("perdue")

    task = asyncio.create_task(fails())
    await asyncio.sleep(0.01)
    task.cancel()  # already ended: asyncio then no longer says the error was lost


async def hushes_then_reads_an_error():
    async def fails():
        raise ValueError("lue")

    task = asyncio.create_task(fails())
    await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def forgets_an_await():
    asyncio.sleep(0)


async def blocks_the_loop():
    time.sleep(0.5)  # noqa: ASYNC251 - the mistake under test


@pytest.mark.asyncio
async def test_a_correct_call_breaks_no_rule():
    assert await watched(course_rules.KNOWN, clean()) == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("coroutine", "rule"),
    [
        (blocks_the_loop, "C1"),
        (leaves_a_task, "C2"),
        (loses_an_error, "C3"),
        (hushes_an_error, "C3"),
        (forgets_an_await, "C4"),
    ],
)
async def test_each_rule_sees_its_mistake_and_only_when_kept(coroutine, rule):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert rule in await watched(course_rules.KNOWN, coroutine())
        others = tuple(r for r in course_rules.KNOWN if r != rule)
        assert rule not in await watched(others, coroutine())
    for task in asyncio.all_tasks() - {asyncio.current_task()}:
        task.cancel()


@pytest.mark.asyncio
async def test_an_error_read_after_a_cancel_is_not_lost():
    watch = course_rules.RuleWatch(course_rules.KNOWN)
    await watch.watch(hushes_then_reads_an_error(), call="f()", limit=5)
    assert watch.violations == []
    watch = course_rules.RuleWatch(course_rules.KNOWN)
    await watch.watch(hushes_an_error(), call="f()", limit=5)
    assert [v.observed for v in watch.violations] == [
        "la tâche hushes_an_error.fails avait déjà échoué (ValueError: perdue) quand ton code "
        "l'a annulée, et son erreur n'a jamais été lue"
    ]


def test_the_report_names_the_promises_broken():
    from tools.grading.report import broken_promises

    messages = [
        "[09 · X] A.\n  Promesse : E3. Chaque élément une fois.\n  À relire : …",
        "[09 · X] B.\n  Promesse : C2. Rien ne tourne.",
        "[09 · X] C.\n  Promesse : E3. Chaque élément une fois.",
        "[09 · X] Sans promesse.",
    ]
    assert broken_promises(messages) == ["E3", "C2"]


@pytest.mark.asyncio
async def test_without_the_run_queue_the_loop_rule_is_wider(monkeypatch):
    """macOS and Windows do not say how long the loop waited for a CPU: a
    busy laptop must not look like a blocked loop."""
    from tools.common.thread_clock import ThreadClock

    monkeypatch.setattr(ThreadClock, "available", property(lambda self: False))

    async def blocks(seconds):
        time.sleep(seconds)  # noqa: ASYNC251 - the mistake under test

    assert await watched(("C1",), blocks(0.4)) == []
    assert await watched(("C1",), blocks(0.9)) == ["C1"]


# -- the wiring: the self-check's verdict, the markers' way to the results ---


def wired(tmp_path, exercise, tests, mutants):
    """selfcheck.check_promises on fake results: `tests` maps a hidden test to
    its markers, `mutants` a mutant's file name to (its `Exigence :` ids, the
    hidden tests it fails). Two right answers keep their count out of it."""
    solution = [
        CaseResult(f"tests/hidden/{exercise.test_file_name}::{name}", exercise.id, True,
                   "passed", "", tuple(ids))
        for name, ids in tests.items()
    ]  # fmt: skip
    answers = {}
    for name, (ids, failed) in mutants.items():
        path = tmp_path / name
        path.write_text(f'"""Faux.\n\nExigence : {", ".join(ids)}\n"""\n', encoding="utf-8")
        answers[Mutant(exercise, path)] = [
            CaseResult(r.nodeid, r.exercise, True, "failed" if r.name in failed else "passed", "")
            for r in solution
        ]
    for name in ("juste_1.py", "juste_2.py"):
        (tmp_path / name).write_text('"""Juste."""\n', encoding="utf-8")
        answers[Mutant(exercise, tmp_path / name, right=True)] = list(solution)
    verdicts = Verdicts()
    check_promises(exercise, solution, answers, verdicts)
    return verdicts


def test_the_self_check_fails_on_a_traceability_gap_and_names_it(tmp_path):
    ex = exercise_by_id("ex02_gather")  # its real stub: the statement agrees with the manifest
    ids = [r.id for r in ex.requirements if r.id.startswith("E")]
    tests = {f"test_{i}": [i] for i in ids}
    mutants = {f"casse_{i}.py": ((i,), [f"test_{i}"]) for i in ids}
    mutants["oublie_await.py"] = (("C4",), ["test_E1"])
    complete = wired(tmp_path, ex, tests, mutants)
    assert complete.problems == []
    assert [r.requirement.id for r in complete.traced[0].rows] == [*ids, "C4"]

    name = f"{ex.id} ({ex.points} pts) : traçabilité :"
    unmarked = wired(tmp_path, ex, {**tests, "test_E2": []}, mutants)
    assert f"{name} E2 n'est vérifiée par aucun test caché" in unmarked.problems
    assert any(p.startswith(f"{name} le test caché test_E2 ne nomme") for p in unmarked.problems)
    assert any(line.startswith("  ÉCHEC  ") and "E2" in line for line in unmarked.lines)

    # The mutant is there, but caught only by another promise's test.
    uncaught = wired(tmp_path, ex, tests, {**mutants, "casse_E2.py": (("E2",), ["test_E1"])})
    (problem,) = uncaught.problems
    assert problem.startswith(f"{name} E2 n'a aucun mutant (ligne « Exigence : E2 »)")


def test_an_exigence_marker_reaches_the_recorded_results(tmp_path):
    """conftest.py registers the recorder the same way; the test sits in a
    folder named hidden, as the grader's hidden tests do."""
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    exigence(*ids): les promesses vérifiées\n", encoding="utf-8"
    )
    results = tmp_path / "resultats.json"
    (tmp_path / "conftest.py").write_text(
        "from pathlib import Path\n"
        "from tools.grading.results import ResultsRecorder\n\n"
        "def pytest_configure(config):\n"
        f"    config.pluginmanager.register(ResultsRecorder(Path({str(results)!r})), 'r')\n",
        encoding="utf-8",
    )
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "test_ex02_gather.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.exigence('E2')\n"
        "def test_en_meme_temps():\n    pass\n\n"
        "@pytest.mark.exigence('E1', 'E4')\n"
        "def test_ordre():\n    assert False\n\n"
        "def test_sans_marque():\n    pass\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"),
         f"--rootdir={tmp_path}", "-p", "no:cacheprovider", "-q", str(hidden)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    cases = {c.name: c for c in load_run(results).cases}
    assert cases["test_en_meme_temps"].requirements == ("E2",)
    assert cases["test_ordre"].requirements == ("E1", "E4")
    assert cases["test_ordre"].outcome == "failed"
    assert cases["test_sans_marque"].requirements == ()
    assert all(c.hidden and c.exercise == "ex02_gather" for c in cases.values())


def test_a_run_that_dies_in_the_middle_is_not_read_as_passing(tmp_path: Path) -> None:
    """The tests a killed pytest never ran must not count as passed: a wrong
    answer would then "pass every hidden test"."""
    exercise = exercise_by_id("ex02_gather")
    tree = tmp_path / "arbre"
    tree.mkdir()
    (tree / exercise.file_name).write_text(
        "import os\n\n\nasync def telecharger_tout(urls, telecharger):\n    os._exit(3)\n",
        encoding="utf-8",
    )
    work = tmp_path / "travail"
    work.mkdir()
    with pytest.raises(RuntimeError, match="arrêté au milieu"):
        run_tests(tree, selfcheck.test_files(exercise), work, "meurt")


def test_an_interpreter_crash_is_run_once_more_and_said(tmp_path: Path, monkeypatch) -> None:
    """A pytest killed by SIGSEGV is run again once; the crash is kept to be printed."""
    from tools.maintainer import selfcheck

    calls: list[str] = []

    def crashing_once(tree, files, workdir, label, extra=()):
        calls.append(label)
        if len(calls) == 1:
            raise selfcheck.InterpreterCrash("signal 11")
        return []

    monkeypatch.setattr(selfcheck, "_run_tests", crashing_once)
    monkeypatch.setattr(selfcheck, "CRASHES", [])
    assert selfcheck.run_tests(tmp_path, [], tmp_path, "essai") == []
    assert calls == ["essai", "essai-bis"]
    assert selfcheck.CRASHES == ["essai : signal 11"]

"""The stress run's arithmetic: rounds, verdicts, margins."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.measures import margin
from tests.unit.exports import outside_env
from tools.common.manifest import exercise_by_id
from tools.common.paths import ROOT, TREES
from tools.grading.results import read_results
from tools.grading.test_order import load_order
from tools.grading.test_order import test_key as key_of
from tools.maintainer import stress
from tools.maintainer.stress_plugin import repeated_name, round_of, without_round

EX02 = exercise_by_id("ex02_gather")


def test_round_of_reads_the_stress_id_only():
    assert round_of("t.py::test_a[r007]") == 7
    assert round_of("t.py::test_a[fork-r012]") == 12
    assert round_of("t.py::test_a[fork]") is None
    assert round_of("t.py::test_a") is None


def test_without_round_names_the_repeated_test():
    assert without_round("t.py::test_a[r007]") == "t.py::test_a[]"
    assert without_round("t.py::test_a[fork-r012]") == without_round("t.py::test_a[fork-r003]")
    assert without_round("t.py::test_a[fork-r012]") != without_round("t.py::test_a[spawn-r012]")


def test_repeated_name_is_the_name_the_learned_order_knows():
    assert repeated_name("test_a[fork-r012]") == "test_a[fork]"
    assert repeated_name("test_a[r007]") == "test_a"
    assert repeated_name("test_a[sans_pause-r000]") == "test_a[sans_pause]"
    assert repeated_name("test_a") == "test_a"


def test_each_round_runs_in_the_grading_s_learned_order(tmp_path):
    # The grading orders tests by their names, which the round's id changes:
    # before this was checked, every round ran in the files' order, and
    # --messages judged a first failure no graded student reads.
    results = tmp_path / "r.json"
    files = [f"tests/{folder}/test_ex04_await_oublie.py" for folder in ("public", "hidden")]
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.maintainer.stress_plugin",
         "--stress-rounds=2", "--tous-les-tests", "--tree=solutions",
         f"--results-json={results}", "-q", "-p", "no:cacheprovider", *files],
        cwd=ROOT, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    cases = read_results(results)
    order = load_order()["ex04_await_oublie"]
    for r in (0, 1):
        ran = [
            key_of(Path(c.nodeid.split("::")[0]), repeated_name(c.nodeid.split("::")[1]))
            for c in cases
            if round_of(c.nodeid) == r
        ]
        assert ran == list(order)


def subject(correct):
    return stress.Subject("x", correct, TREES["solutions"], (EX02,))


def test_a_solution_round_is_wrong_when_anything_failed_or_nothing_ran():
    outcomes = {
        EX02.id: [(0, "passed", ""), (1, "failed", "[02 · x] lent\nObservé"), (1, "passed", "")]
    }
    tally = stress.judge(subject(True), 3, outcomes)[EX02.id]
    assert (tally.wrong, tally.rounds) == (2, 3)  # round 1 failed, round 2 never ran
    assert tally.examples[0] == "[02 · x] lent"


def test_a_wrong_answer_round_is_wrong_when_nothing_failed():
    outcomes = {
        EX02.id: [(0, "failed", ""), (0, "skipped", ""), (1, "passed", ""), (1, "passed", "")]
    }
    tally = stress.judge(subject(False), 2, outcomes)[EX02.id]
    assert tally.wrong == 1


def test_with_messages_a_round_whose_first_failure_lacks_a_phrase_is_counted():
    wrong = stress.Subject("mutant x", False, TREES["solutions"], (EX02,), ("pas en même temps",))
    outcomes = {
        EX02.id: [
            (0, "failed", "[02 · x] Les appels ne sont pas en même temps."),
            (1, "passed", ""),
            (1, "failed", "[02 · x] Le délai est dépassé.\nObservé : 2 s"),
            (1, "skipped", ""),
            (1, "failed", "[02 · x] Pas en même temps."),
        ]
    }
    tally = stress.judge(wrong, 2, outcomes, messages=True)[EX02.id]
    assert (tally.wrong, tally.untold) == (0, 1)
    assert tally.examples == [
        "mutant x, manche 1 : « pas en même temps » absent du premier échec, qui dit : "
        "[02 · x] Le délai est dépassé."
    ]
    assert stress.judge(wrong, 2, outcomes)[EX02.id].untold == 0  # without --messages


@pytest.mark.parametrize(
    ("value", "bound", "kind", "correct", "expected"),
    [(1.0, 3.5, "upper", True, 3.5), (9.0, 3.5, "upper", False, 9.0 / 3.5),
     (1.0, 0.25, "lower", True, 4.0), (0.01, 0.25, "lower", False, 25.0)],
)  # fmt: skip
def test_margins_are_above_one_on_the_right_side(value, bound, kind, correct, expected):
    assert margin(value, bound, kind, correct=correct) == pytest.approx(expected)


def test_the_plugin_repeats_round_by_round_and_stops_a_decided_round(tmp_path):
    results = tmp_path / "r.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.maintainer.stress_plugin",
         "--stress-rounds=2", "--stress-decided", "--tous-les-tests", "--tree=exercises",
         f"--results-json={results}",
         "-q", "-p", "no:cacheprovider", "tests/hidden/test_ex02_gather.py"],
        cwd=ROOT, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    cases = read_results(results)
    rounds = [round_of(c.nodeid) for c in cases]
    assert rounds == sorted(rounds)  # round-major
    assert set(rounds) == {0, 1}
    for r in (0, 1):
        outcomes = [c.outcome for c in cases if round_of(c.nodeid) == r]
        caught = outcomes.index("failed")  # the untouched stub
        assert set(outcomes[:caught]) <= {"passed"}
        assert set(outcomes[caught + 1 :]) <= {"skipped", "failed"}
        assert "skipped" in outcomes


def rounds_run(tmp_path, *options):
    """The test ids a 3-round stress of a passing then a failing test ran, in
    the order they ran, and pytest's output."""
    (tmp_path / "test_order.py").write_text(
        "def test_passes():\n    pass\n\n\ndef test_catches():\n    assert False\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.maintainer.stress_plugin", "-v",
         "--stress-rounds=3", "--stress-decided", *options, "-p", "no:cacheprovider",
         "test_order.py"],
        cwd=tmp_path, env=outside_env(),
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    ran = [
        line.split("::")[1].split()[0]
        for line in run.stdout.splitlines()
        if line.startswith("test_order.py::")
    ]
    return ran, run.stdout


def test_a_decided_run_moves_the_catching_test_to_the_front(tmp_path):
    ran, output = rounds_run(tmp_path)
    expected = [
        ("passes", "catches"),  # round 0 as written: the catching test is second
        ("passes", "catches"),  # round 1: its first item was already the next one, kept
        ("catches", "passes"),  # from then on, the catching test first
    ]
    assert ran == [f"test_{name}[r{r:03d}]" for r, pair in enumerate(expected) for name in pair], (
        output
    )
    assert output.count("SKIPPED") == 1  # round 2: decided by its first test


def test_in_order_every_round_keeps_the_written_order(tmp_path):
    ran, _ = rounds_run(tmp_path, "--stress-in-order")
    assert ran == [f"test_{name}[r{r:03d}]" for r in range(3) for name in ("passes", "catches")]


def copy_for_digest(tmp_path):
    """The files graded_digest reads, copied where a test may change them."""
    own = ("tests/*/test_ex0[23]_*.py", "exercises/ex0[23]_*.py", "solutions/ex0[23]_*.py",
           "tests/mutants/ex0[23]_*/*.py", "tests/alternatives/ex0[23]_*/*.py",
           "manifest.toml", "tests/hidden/ordre.py", "tests/support/*.py")  # fmt: skip
    for pattern in (*stress.SHARED_GRADING_FILES, *own):
        for path in ROOT.glob(pattern):
            target = tmp_path / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return tmp_path


def test_an_exercise_digest_changes_with_its_files_only(tmp_path):
    root = copy_for_digest(tmp_path)
    ex03 = exercise_by_id("ex03_create_task")
    before = {ex.id: stress.graded_digest(ex, root) for ex in (EX02, ex03)}
    hidden = root / "tests/hidden" / EX02.test_file_name
    hidden.write_text(hidden.read_text(encoding="utf-8") + "\n# changé\n", encoding="utf-8")
    assert stress.graded_digest(EX02, root) != before[EX02.id]
    assert stress.graded_digest(ex03, root) == before[ex03.id]
    shared = root / "tools/grading/grader.py"
    shared.write_text(shared.read_text(encoding="utf-8") + "\n# changé\n", encoding="utf-8")
    assert stress.graded_digest(ex03, root) != before[ex03.id]


def test_another_exercise_entry_or_order_leaves_a_digest_as_it_was(tmp_path):
    root = copy_for_digest(tmp_path)
    ex03 = exercise_by_id("ex03_create_task")
    before = {ex.id: stress.graded_digest(ex, root) for ex in (EX02, ex03)}
    manifest = root / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('id = "ex02_gather"\n', 'id = "ex02_gather"\nx = 1\n'))
    order = root / "tests/hidden/ordre.py"
    order.write_text(order.read_text(encoding="utf-8").replace(
        '"ex02_gather": (\n', '"ex02_gather": (\n        "hidden::test_nouveau",\n'
    ))  # fmt: skip
    assert stress.graded_digest(EX02, root) != before[EX02.id]
    assert stress.graded_digest(ex03, root) == before[ex03.id]
    common = manifest.read_text(encoding="utf-8").replace("C1 = ", "C1 = 'autre' #", 1)
    manifest.write_text(common, encoding="utf-8")
    assert stress.graded_digest(ex03, root) != before[ex03.id]


def test_the_measuring_kit_counts_for_the_exercises_that_import_it(tmp_path):
    root = copy_for_digest(tmp_path)
    ex03 = exercise_by_id("ex03_create_task")
    before = {ex.id: stress.graded_digest(ex, root) for ex in (EX02, ex03)}
    kitchen = root / "tests/support/cuisine.py"  # ex03's kit only
    kitchen.write_text(kitchen.read_text(encoding="utf-8") + "\n# changé\n", encoding="utf-8")
    assert stress.graded_digest(ex03, root) != before[ex03.id]
    assert stress.graded_digest(EX02, root) == before[EX02.id]
    clock = root / "tests/support/clock.py"  # imported by conftest.py: everyone's
    clock.write_text(clock.read_text(encoding="utf-8") + "\n# changé\n", encoding="utf-8")
    assert stress.graded_digest(EX02, root) != before[EX02.id]

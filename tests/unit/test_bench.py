"""The bench's arithmetic and its plugin (tools/maintainer/bench*.py)."""

import json
import math
import subprocess
import sys
import threading

import pytest

from tests.unit.exports import outside_env
from tools.common.manifest import exercise_by_id
from tools.common.paths import TREES
from tools.grading.test_order import load_order
from tools.maintainer import bench
from tools.maintainer.bench import DURATION_LINE, FAILURE_HEADER, first_verdict, makespan
from tools.maintainer.selfcheck import mutants_of


@pytest.mark.parametrize(
    ("durations", "jobs", "expected"),
    [([3, 1, 1, 1], 2, 3), ([2, 2, 2], 2, 4), ([5], 4, 5), ([1, 1, 1, 1], 1, 4), ([], 2, 0)],
)
def test_makespan_schedules_the_longest_first(durations, jobs, expected):
    assert makespan(durations, jobs) == pytest.approx(expected)


def test_the_plugin_counts_waits_apart_from_work(tmp_path):
    (tmp_path / "test_waits.py").write_text(
        "import time\n\n\n"
        "def test_sleeps():\n    time.sleep(0.4)\n\n\n"
        # 0,2 s of this thread's CPU, however long a loaded machine makes it
        # wait for a core (a spin of 0,2 s of wall time got 0,03 s of CPU
        # under a load of 13).
        "def test_computes():\n    end = time.thread_time() + 0.2\n"
        "    while time.thread_time() < end:\n        pass\n",
        encoding="utf-8",
    )
    target = tmp_path / "bench.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.maintainer.bench_plugin", "-q",
         f"--bench-json={target}", "-p", "no:cacheprovider", "test_waits.py"],
        cwd=tmp_path, env=outside_env(), check=True,
        capture_output=True, timeout=60,
    )  # fmt: skip
    tests = json.loads(target.read_text(encoding="utf-8"))
    sleeps, computes = tests["test_waits.py::test_sleeps"], tests["test_waits.py::test_computes"]
    assert sleeps["waits_s"] >= 0.35
    assert sleeps["cpu_s"] < 0.1  # the sleep is a wait, not work
    # The spin is work. How long it waited for a core besides is the machine's
    # load, which the bench counts as a wait on purpose (measure when idle).
    assert computes["cpu_s"] >= 0.2


def test_the_first_verdict_is_timed_on_pytest_s_own_output():
    exercise = exercise_by_id("ex04_await_oublie")
    verdict = first_verdict(TREES["exercises"], exercise)
    assert 0 < verdict.seconds < 60  # the stub's French message was seen
    # The test that printed it, as pytest names it in its failure's header.
    assert verdict.test in {key.split("::")[1] for key in load_order()[exercise.id]}
    # Split by pytest's durations, rounded to 10 ms: a stub's quickest test
    # can count 0. None is negative, and pytest's own time is most of it.
    assert verdict.deciding_s >= 0
    assert verdict.before_s >= 0
    assert 0 < verdict.own_s <= verdict.seconds
    assert first_verdict(TREES["solutions"], exercise).seconds == math.inf  # no failure


def test_a_first_verdict_is_split_into_the_tests_before_the_deciding_one_and_pytest(tmp_path):
    """A wrong answer that passes the first tests of the order and fails the
    one with an empty list, after a known wait: the tests before and the
    deciding one are told apart, and pytest's own time is what is left."""
    exercise = exercise_by_id("ex02_gather")
    tree = tmp_path / "arbre"
    tree.mkdir()
    solution = (TREES["solutions"] / exercise.file_name).read_text(encoding="utf-8")
    (tree / exercise.file_name).write_text(
        solution.replace("async def telecharger_tout(urls, telecharger):\n",
                         "async def telecharger_tout(urls, telecharger):\n"
                         "    if not urls:\n        await asyncio.sleep(0.3)\n"
                         "        return None\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    verdict = first_verdict(tree, exercise)
    order = [key.split("::")[1] for key in load_order()[exercise.id]]
    assert "vide" in verdict.test
    assert order.index(verdict.test) > 0  # tests passed before it
    assert verdict.before_s > 0  # ...and they waited for their downloads
    assert verdict.deciding_s >= 0.3  # its own call waited
    assert verdict.own_s > 0
    assert verdict.seconds == pytest.approx(verdict.own_s + verdict.before_s + verdict.deciding_s)


@pytest.mark.parametrize(
    "line",
    [
        "______________ test_court[lent] ______________\n",
        # A name that nearly fills the line keeps one or two "_" on each side.
        "__ test_un_nom_qui_remplit_presque_toute_la_ligne_du_terminal[reponse_lente] ___\n",
        # A parameter's id may hold spaces.
        "________ test_renvoie_l_entree_puis_le_plat[entrée plus longue] ________\n",
    ],
)
def test_the_test_that_gave_the_first_verdict_is_read_from_pytest_s_failure_header(
    line: str,
) -> None:
    found = FAILURE_HEADER.match(line)
    assert found is not None
    assert found.group(1) == line.strip("_ \n")


def test_a_traceback_s_separator_is_not_a_failure_header():
    assert FAILURE_HEADER.match("_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _\n") is None


def test_pytest_s_durations_lines_give_the_node_id_even_with_spaces():
    line = "0.52s call     tests/hidden/test_ex03_create_task.py::test_x[entrée plus longue]\n"
    found = DURATION_LINE.match(line)
    assert found is not None
    assert found.groups() == (
        "0.52",
        "tests/hidden/test_ex03_create_task.py::test_x[entrée plus longue]",
    )


def test_a_paired_ratio_grades_the_mutant_right_before_its_solution_in_one_slot(
    tmp_path, monkeypatch
):
    exercise = exercise_by_id("ex08_semaphore")
    mutant = mutants_of(exercise)[0]
    label = f"{exercise.id}/{mutant.path.stem}"
    graded = []

    def grade_alone(ex, path, right, tree, report_dir):
        graded.append((threading.get_ident(), right))
        run = int(tree.relative_to(tmp_path / "paires").parts[0])  # 1, 2, 3
        return 1.0 if right else 1.5 + 0.1 * run

    monkeypatch.setattr(bench, "grade_alone", grade_alone)
    ratios = bench.paired_ratios([label], [exercise], tmp_path, jobs=3, runs=3)
    assert ratios == {label: pytest.approx(1.7)}  # the median of 1,6, 1,7 and 1,8
    # However the jobs run side by side, each thread grades a mutant, then its
    # solution, then maybe the next pair.
    by_thread = {}
    for ident, right in graded:
        by_thread.setdefault(ident, []).append(right)
    assert sum(len(rights) for rights in by_thread.values()) == 6
    assert all(rights == [False, True] * (len(rights) // 2) for rights in by_thread.values())

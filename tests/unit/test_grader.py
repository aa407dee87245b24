"""The grader: all-or-nothing points read from trusted results, a report that
is always written, and a broken or hostile exercise that costs only itself.

The end-to-end cases grade a copy of the reference solutions with one
exercise (04) replaced, on exercises 02 and 04 only, in a subprocess, exactly
as `nox -s grade` runs the grader.
"""

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tools.common import manifest
from tools.common.manifest import exercise_by_id, load_manifest
from tools.common.paths import ROOT, TREES
from tools.grading import grader
from tools.grading.report import (
    ERROR,
    FAILED,
    PASSED,
    TIMEOUT,
    Report,
    closing_line,
    github_commands,
    headline,
    line_in_student_file,
    markdown_summary,
    next_step,
    not_run_note,
    verify_report,
)
from tools.grading.results import CaseResult, RunResults
from tools.grading.test_order import DECIDED_REASON, NOT_RUN

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

EX04 = exercise_by_id("ex04_await_oublie")


def run_of(
    cases=(), *, collected=None, complete=True, trusted=True, timed_out=False, flooded=False
):
    cases = list(cases)
    results = RunResults(
        cases=cases,
        collected=len(cases) if collected is None else collected,
        complete=complete,
        trusted=trusted,
        exitstatus=0,
    )
    return grader.Run(results, timed_out, flooded, 0, "dernière ligne", 1.0)


def case(outcome, message=""):
    return CaseResult(f"tests/hidden/test_x.py::test_{outcome}", EX04.id, True, outcome, message)


def judge(run):
    return grader.judge(EX04, TREES["exercises"], run, hidden=True)


# -- judging one exercise: points come only from complete, trusted results ------


def test_all_tests_passed_earns_the_points():
    result = judge(run_of([case("passed"), case("passed")]))
    assert (result.status, result.points, result.passed, result.total) == (PASSED, 6, 2, 2)


def test_one_failure_earns_nothing():
    result = judge(run_of([case("passed"), case("failed", "[04 · x] Les scores…")]))
    assert (result.status, result.points) == (FAILED, 0)
    assert result.messages == ["[04 · x] Les scores…"]


def test_tests_not_run_after_the_first_failure_are_counted_not_shown():
    run = run_of([case("passed"), case("failed", "[04 · x] Premier échec…"),
                  case(NOT_RUN, DECIDED_REASON), case(NOT_RUN, DECIDED_REASON)])  # fmt: skip
    result = judge(run)
    assert (result.status, result.points, result.passed, result.total) == (FAILED, 0, 1, 4)
    assert result.messages == ["[04 · x] Premier échec…"]
    assert result.not_run == 2
    note = not_run_note(result)
    assert "2 autre(s) test(s) non lancé(s)" in note
    assert "nox -- 04 --complet" in note


@pytest.mark.parametrize(
    ("run", "status", "words"),
    [
        (run_of([case("passed")], trusted=False), ERROR, "pas signé"),
        (run_of([case("passed")], complete=False), ERROR, "arrêtés au milieu"),
        (run_of([case("passed")], collected=3), ERROR, "1 test(s) terminé(s) sur 3"),
        (run_of([case("passed")], timed_out=True), TIMEOUT, "arrêtée au bout de"),
        (run_of([case("passed")], flooded=True), ERROR, "Mo à l'écran"),
        (run_of([]), ERROR, "Aucun test"),
    ],
    ids=["unsigned", "incomplete", "fewer-than-collected", "timeout", "flood", "empty"],
)
def test_untrusted_or_unfinished_results_earn_nothing(run, status, words):
    result = judge(run)
    assert (result.status, result.points) == (status, 0)
    assert words in result.messages[0]
    assert result.messages[0].startswith("[04 · ")


def test_no_results_file_says_what_was_printed():
    run = grader.Run(None, False, False, 0, "Traceback…\nBoom", 0.5)
    result = judge(run)
    assert (result.status, result.points) == (ERROR, 0)
    assert "os._exit()" in result.messages[0]
    assert "Boom" in result.messages[0]


# -- choosing exercises -------------------------------------------------------------


def test_exercises_are_chosen_by_number_or_name():
    exercises = load_manifest()
    assert [ex.number for ex in manifest.select(exercises, ["3", "ex10", "gather"])] == [
        "02",
        "03",
        "10",
    ]
    assert manifest.select(exercises, []) == exercises
    with pytest.raises(ValueError, match="numéros"):
        manifest.select(exercises, ["42"])


# -- where the annotation points --------------------------------------------------


def test_annotation_line_follows_the_traceback_then_the_call(tmp_path):
    source = tmp_path / "ex99_x.py"
    source.write_text(
        "import asyncio\n\n\nasync def saluer(nom):\n    pass\n\n\ndef main():\n    pass\n",
        encoding="utf-8",
    )
    frame = "      exercises/ex99_x.py, ligne 5, dans saluer : pass"
    assert line_in_student_file(source, [f"[99 · t] L'appel a levé\n{frame}"]) == 5
    assert line_in_student_file(source, ["erreur de syntaxe ligne 7 : x"]) == 7
    call = "  Appel    : asyncio.gather(saluer('Ada'), saluer('Linus'))"
    assert line_in_student_file(source, [f"[99 · t] Pas en même temps\n{call}"]) == 4
    assert line_in_student_file(source, ["La fonction main est introuvable."]) == 8
    assert line_in_student_file(source, ["rien de reconnaissable"]) == 1


# -- the report and its renderings -------------------------------------------------


def sample_report(statuses):
    exercises = [
        grader.ExerciseResult(
            id=f"ex{n:02d}_x", number=f"{n:02d}", title=f"Titre | {n} <b>",
            file=f"exercises/ex{n:02d}_x.py", status=status,
            points=5 if status == PASSED else 0, max_points=5, passed=1, failed=0,
            total=1, hidden_tests=True, duration_s=0.1, line=3,
            messages=[] if status == PASSED else [f"[{n:02d} · T] Problème : 50% faux,\nVu : x"],
        )
        for n, status in enumerate(statuses, start=1)
    ]  # fmt: skip
    return Report(
        grader_version="0.1.0", token="jeton", tree="exercises", python="3.13.0",
        platform="Linux x86_64", started_at="2026-11-25T00:00:00+00:00", duration_s=1.0,
        points=sum(e.points for e in exercises), max_points=5 * len(exercises),
        hidden_tests=True, fingerprints={"conftest.py": "ab"}, workflow=None,
        tests_source="prof/tests@abc", exercises=exercises,
    )  # fmt: skip


def test_github_commands_cap_annotations_and_emit_no_legacy_classroom_notice():
    report = sample_report([FAILED] * 12 + [PASSED])
    commands = github_commands(report)
    errors = [c for c in commands if c.startswith("::error ")]
    assert len(errors) == 10
    assert errors[0].startswith("::error file=exercises/ex01_x.py,line=3,title=01 · ")
    assert "%0A" in errors[0]
    assert "%25" in errors[0]
    assert commands[0].startswith("::notice title=Note %3A 5/65::Note : 5/65. À corriger ensuite")
    # Nothing reads GitHub Classroom's notices since its web app closed.
    assert not [c for c in commands if "Autograding" in c or "totalPoints" in c]
    assert len(commands) == 1 + len(errors)


@pytest.mark.parametrize(("failing", "listed"), [(10, []), (11, ["11"]), (12, ["11", "12"])])
def test_beyond_ten_annotations_the_tenth_lists_the_others(failing, listed):
    """GitHub shows 10 error annotations per step: no failing exercise may vanish."""
    report = sample_report([FAILED] * failing + [PASSED])
    commands = github_commands(report)
    errors = [c for c in commands if c.startswith("::error ")]
    assert len(errors) == 10
    for error in errors[:9]:
        assert "corriger aussi" not in error
    tenth = errors[9]
    assert tenth.startswith("::error file=exercises/ex10_x.py,line=3,title=10 · ")
    named = [e.split("title=", 1)[1][:2] for e in errors]
    assert named == [f"{n:02d}" for n in range(1, 11)]
    if not listed:
        assert "corriger aussi" not in tenth
        return
    title = tenth.split("title=", 1)[1].split("::", 1)[0]
    assert f"et {len(listed)} autre(s) exercice(s)" in title
    body = tenth.split("::", 2)[2].replace("%0A", "\n").replace("%25", "%")
    assert f"À corriger aussi ({len(listed)} exercice(s) de plus" in body
    for number in listed:
        assert f"- {number} · Titre " in body
        assert f"(exercises/ex{number}_x.py) : échoué (0/5) — Problème : 50% faux," in body


def test_a_grading_that_could_not_be_done_is_an_error_not_a_grade():
    report = sample_report([FAILED])
    commands = github_commands(report, "La notation n'a pas pu se faire.", graded=False)
    assert commands == ["::error title=Notation impossible::La notation n'a pas pu se faire."]


def test_closing_line_gives_the_grade_and_what_to_do_next():
    partial = sample_report([PASSED, FAILED, ERROR])
    assert closing_line(partial) == (
        "Note : 5/15. À corriger ensuite : 02 · Titre | 2 <b>. "
        "Relance-le avec nox -- 02 ; un indice : nox -s hint -- 02"
    )
    full = sample_report([PASSED, PASSED])
    assert closing_line(full).startswith("Note : 10/10. Tous les exercices sont réussis, bravo !")
    assert "git push" in closing_line(full)
    assert "git push" not in closing_line(full, github=True)  # it was pushed
    assert closing_line(full, complete=False) == (
        "Note : 10/10. Réussi. La note de tous les exercices : nox -s grade"
    )
    assert closing_line(full, complete=False, following=("07", "Calcul")) == (
        "Note : 10/10. Réussi. Exercice suivant : 07 · Calcul. "
        "Lance-le avec nox -- 07 ; un indice : nox -s hint -- 07"
    )


def test_the_summary_shows_the_next_step_under_the_grade():
    report = sample_report([PASSED, FAILED])
    text = markdown_summary(report, next_step(report, github=True))
    assert text.startswith("## Note : 5/10\n\nÀ corriger ensuite : 02 · Titre \\| 2 &lt;b>.")
    assert "nox -- 02" in text.split("| # |")[0]


def main_with(monkeypatch, tmp_path, grade, *args):
    """grader.main in this process, with `grade` in place of the real grading."""
    monkeypatch.setattr(grader, "grade", grade)
    monkeypatch.setattr(grader, "adopt_orphans", lambda: None)
    monkeypatch.setattr(grader, "kill_descendants", lambda: [])
    return grader.main(["--tree=solutions", f"--report-dir={tmp_path / 'rapport'}", *args])


def test_a_grade_below_full_marks_exits_zero_and_ends_with_the_next_step(
    monkeypatch, tmp_path, capsys
):
    outputs = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    report = sample_report([PASSED, FAILED])
    code = main_with(monkeypatch, tmp_path, lambda *a, **k: report, "--github")
    assert code == grader.EXIT_GRADED == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == closing_line(report, github=True)
    assert printed[-1].startswith("Note : 5/10. À corriger ensuite : 02 ·")
    assert any(line.startswith("::notice title=Note %3A 5/10::Note : 5/10") for line in printed)
    assert outputs.read_text(encoding="utf-8").splitlines() == [
        "note=5/10",
        f"suite={closing_line(report, github=True)}",
    ]


def test_an_internal_error_exits_three_with_a_french_last_line(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    code = main_with(monkeypatch, tmp_path, broken, "--no-github", "02")
    assert code == grader.EXIT_INTERNAL_ERROR == 3
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("La notation n'a pas pu se faire (erreur interne du correcteur")
    assert "nox -s grade" in last
    report = Report.from_json((tmp_path / "rapport" / "notation.json").read_text("utf-8"))
    assert "disque plein" in report.exercises[0].messages[0]


def test_markdown_summary_escapes_cells_and_stays_under_github_limit():
    report = sample_report([FAILED, PASSED])
    text = markdown_summary(report)
    assert text.startswith("## Note : 5/10")
    assert "Titre \\| 1 &lt;b>" in text
    assert "| 01 |" in text
    assert "❌ échoué" in text
    assert "✅ réussi" in text
    assert "Problème : 50% faux, Vu : x" not in text.split("<details>")[0]  # headline only
    assert "prof/tests@abc" in text
    huge = sample_report([FAILED] * 3)
    for ex in huge.exercises:
        ex.messages = ["x" * 400_000]
    assert len(markdown_summary(huge).encode()) <= 1024 * 1024


def test_summary_says_when_hidden_tests_were_absent():
    report = sample_report([PASSED])
    report.hidden_tests = False
    assert "Tests cachés absents" in markdown_summary(report)


def test_report_json_round_trip_and_token_check(tmp_path):
    report = sample_report([FAILED, PASSED])
    path = tmp_path / "notation.json"
    path.write_text(report.to_json(), encoding="utf-8")
    assert verify_report(path, "jeton") == report
    with pytest.raises(ValueError, match="jeton"):
        verify_report(path, "autre")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["points"] = 10  # forged total
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="total"):
        verify_report(path, "jeton")


def test_headline_drops_the_exercise_prefix():
    assert headline("[02 · Gather] Pas en même temps.\n  Observé : x") == "Pas en même temps."


# -- end to end: a hostile exercise costs only itself -----------------------------


def grade_tree(tree, tmp_path, *args):
    report_dir = tmp_path / "rapport"
    token_file = tmp_path / "jeton"
    token_file.write_text("jeton-du-test", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "tools.grading.grader", f"--tree={tree}",
         f"--report-dir={report_dir}", f"--token-file={token_file}", "--no-github", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=300,
    )  # fmt: skip
    assert not token_file.exists(), "le jeton doit être supprimé dès sa lecture"
    report = verify_report(report_dir / "notation.json", "jeton-du-test")
    return completed, {ex.number: ex for ex in report.exercises}


def tree_with_ex04(tmp_path, source):
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("ex02_gather.py", "ex04_await_oublie.py"):
        (tree / name).write_bytes((TREES["solutions"] / name).read_bytes())
    (tree / "ex04_await_oublie.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return tree


def test_solutions_earn_full_points_and_exit_zero(tmp_path):
    completed, graded = grade_tree(TREES["solutions"], tmp_path, "02", "04")
    assert completed.returncode == 0, completed.stdout
    assert {n: (e.status, e.points) for n, e in graded.items()} == {
        "02": (PASSED, 8),
        "04": (PASSED, 6),
    }
    assert "Total : 14/14 points" in completed.stdout
    assert completed.stdout.splitlines()[-1].startswith("Note : 14/14. Réussi.")


def test_an_exercise_left_as_its_starting_code_earns_nothing_without_running(tmp_path):
    tree = tree_with_ex04(tmp_path, (TREES["exercises"] / "ex04_await_oublie.py").read_text())
    # Line endings aside: a Windows checkout of an untouched file is untouched.
    stub = (TREES["exercises"] / "ex04_await_oublie.py").read_bytes()
    (tree / "ex04_await_oublie.py").write_bytes(stub.replace(b"\n", b"\r\n"))
    starting = tmp_path / "depart"
    starting.mkdir()
    for name in ("ex02_gather.py", "ex04_await_oublie.py"):
        (starting / name).write_bytes((TREES["exercises"] / name).read_bytes())
    completed, graded = grade_tree(tree, tmp_path, "02", "04", f"--codes-de-depart={starting}")
    assert completed.returncode == 0, completed.stdout
    untouched = graded["04"]
    assert (untouched.status, untouched.points, untouched.duration_s) == (FAILED, 0, 0.0)
    assert "Exercice pas commencé" in untouched.messages[0]
    assert "nox -- 04" in untouched.messages[0]
    # ex02 is the solution here, not its starting code: graded, and passed.
    assert (graded["02"].status, graded["02"].points) == (PASSED, 8)


EXIT_AT_CALL = """
    import os

    async def enregistrer_scores(scores, sauvegarder, notifier):
        os._exit(0)
"""
FORGED_RESULTS = """
    import json, os, sys

    # Writes a results file claiming every test passed, keeping whatever
    # signature the real one had, then leaves quietly. The token is nowhere
    # to be found: not in the environment, not on a command line, not on disk.
    assert not any("ASYNCIO_EXERCICES" in k for k in os.environ)
    assert not any("jeton" in a for a in sys.argv)
    target = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--results-json="))
    with open(target) as f:
        real = json.load(f)
    real.update(collected=1, complete=True, exitstatus=0)
    real["tests"] = [{"nodeid": "x", "exercise": "ex04_await_oublie", "hidden": True,
                      "outcome": "passed", "message": ""}]
    with open(target, "w") as f:
        json.dump(real, f)
    os._exit(0)
"""
WRITES_TESTS = """
    from pathlib import Path

    # Every test this process can find now passes... in its own copy only.
    for test in (Path.cwd() / "tests").rglob("test_*.py"):
        test.write_text("def test_ok():\\n    pass\\n")
"""
REPLACES_CLOCK = (TREES["solutions"] / "ex04_await_oublie.py").read_text(encoding="utf-8") + (
    "\nimport time\ntime.perf_counter = lambda: 0.0\n"
)
HUGE_OUTPUT = """
    async def enregistrer_scores(scores, sauvegarder, notifier):
        print("x" * 10_000_000)
"""


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("import sys\nsys.exit(3)\n", "sys.exit()"),
        ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
        (EXIT_AT_CALL, "os._exit()"),
        (FORGED_RESULTS, "pas signé"),
        (HUGE_OUTPUT, "[04 · "),  # whichever test fails first, in French
        (WRITES_TESTS, "modifié des fichiers de test"),
        (REPLACES_CLOCK, "remplacé pendant le test : time.perf_counter"),
    ],
    ids=[
        "sys-exit",
        "keyboard-interrupt",
        "os-exit-at-call",
        "forged-results",
        "huge-output",
        "writes-tests",
        "replaces-clock",
    ],
)
def test_a_hostile_exercise_costs_only_itself(tmp_path, source, words):
    completed, graded = grade_tree(tree_with_ex04(tmp_path, source), tmp_path, "02", "04")
    assert (graded["02"].status, graded["02"].points) == (PASSED, 8)
    assert graded["04"].points == 0
    assert words in "\n".join(graded["04"].messages), graded["04"].messages
    assert completed.returncode == 0  # the grading was done: no failure of the command
    assert completed.stdout.splitlines()[-1].startswith("Note : 8/14. À corriger ensuite : 04 · ")


LINGERING_CHILD = """
    import asyncio, subprocess, sys
    from pathlib import Path

    # A child process that would outlive the grading if nothing killed it.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"]{options})
    Path({pid_file!r}).write_text(str(child.pid))

    async def enregistrer_scores(scores, sauvegarder, notifier):
"""


def alive(pid: int) -> bool:
    if sys.platform == "win32":
        out = subprocess.run(["tasklist", "/FI", f"PID eq {pid}"], capture_output=True, text=True)
        return str(pid) in out.stdout
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by its (gone) parent's adopter.
    status = Path(f"/proc/{pid}/status")
    return not (status.is_file() and "zombie" in status.read_text())


HANG_SWALLOWING_CANCELLATION = """\
        while True:
            try:
                await asyncio.Event().wait()
            except BaseException:
                pass
"""


@pytest.mark.parametrize(
    ("body", "status", "options"),
    [
        # A hang that gives control back (so the loop's watchdog has nothing to
        # say) and swallows the cancellation of every time limit: only the
        # grader's budget stops it.
        (HANG_SWALLOWING_CANCELLATION, TIMEOUT, ""),
        ("        return None\n", FAILED, ""),
        # Out of the exercise's process group: found as an orphan at the end.
        ("        return None\n", FAILED, ", start_new_session=True"),
    ],
    ids=["hang", "returns", "new-session"],
)
def test_an_exercise_leaves_no_process_behind(tmp_path, body, status, options):
    if options and not sys.platform.startswith("linux"):
        pytest.skip("only Linux lets the grader adopt orphans (child subreaper)")
    pid_file = tmp_path / "child.pid"
    source = textwrap.dedent(LINGERING_CHILD).format(options=options, pid_file=str(pid_file))
    tree = tree_with_ex04(tmp_path, source + body)
    start = time.monotonic()
    _, graded = grade_tree(tree, tmp_path, "--budget=8", "02", "04")
    assert time.monotonic() - start < 30
    assert (graded["04"].status, graded["04"].points) == (status, 0)
    assert (graded["02"].status, graded["02"].points) == (PASSED, 8)
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid), "le processus lancé par l'exercice a survécu à la notation"


def test_the_summary_names_the_tools_it_graded_with():
    report = sample_report([PASSED, FAILED])
    assert "outils de notation" not in markdown_summary(report)
    report.packages = ["pytest 9.2.0", "pytest-asyncio 1.5.0"]
    assert (
        markdown_summary(report)
        .rstrip()
        .endswith("outils de notation : pytest 9.2.0, pytest-asyncio 1.5.0")
    )
    # The record keeps them too, and an older report without them still reads.
    assert Report.from_json(report.to_json()).packages == report.packages
    data = json.loads(report.to_json())
    del data["packages"]
    assert Report.from_json(json.dumps(data)).packages == []


class FullAllAlong:
    """A process_limit.Watch that saw the submission at its limit all along."""

    limit = 256

    def stop(self):
        return [(0.0, float("inf"))]


def test_at_the_process_limit_a_failed_exercise_is_graded_again_alone(monkeypatch):
    exercises = [exercise_by_id(i) for i in ("ex02_gather", "ex04_await_oublie")]
    calls = []

    def fake_grade(exercise, snapshot, work, token, budget=None):
        calls.append((exercise.id, work.name))
        first = work.name != "seul"
        won = exercise.id == "ex02_gather" or not first  # ex04 starved the first time
        return sample_report([PASSED if won else grader.FAILED]).exercises[0]

    monkeypatch.setattr(grader.process_limit.Watch, "start_if_limited", FullAllAlong)
    monkeypatch.setattr(grader, "grade_exercise", fake_grade)
    monkeypatch.setattr(grader, "kill_descendants", lambda: [1234])
    report = grader.grade(TREES["solutions"], exercises, jobs=2, token="t")
    assert len(calls) == 3  # both, then ex04 alone
    assert [c for c in calls if c[1] == "seul"] == [("ex04_await_oublie", "seul")]
    assert [e.points for e in report.exercises] == [5, 5]
    assert report.warnings[0].startswith("La copie a atteint sa limite de 256 processus")
    assert "exercice(s) 04 noté(s) une seconde fois" in report.warnings[0]
    assert "(1 processus laissé(s) par la copie arrêté(s) avant)" in report.warnings[0]


def test_without_a_limit_reached_nothing_is_graded_twice(monkeypatch):
    exercises = [exercise_by_id("ex04_await_oublie")]
    calls = []

    def fake_grade(exercise, snapshot, work, token, budget=None):
        calls.append(work.name)
        return sample_report([grader.FAILED]).exercises[0]

    monkeypatch.setattr(grader.process_limit.Watch, "start_if_limited", lambda: None)
    monkeypatch.setattr(grader, "grade_exercise", fake_grade)
    report = grader.grade(TREES["solutions"], exercises, jobs=2, token="t")
    assert len(calls) == 1
    assert report.warnings == []

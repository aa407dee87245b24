"""The Classroom 50 output obeys the platform's rules and grades all-or-nothing.

The platform's rules are the ones vendored in tools/teacher/classroom50.py
(foundation50/classroom50: schemas/tests-v1.schema.json,
cli/gh-teacher/internal/assignment/tests.go); its python-test score is
`platform_score` below (runner.py, `_grade_python`).
"""

import copy
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from types import SimpleNamespace

import pytest

from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import HIDDEN_TESTS, PUBLIC_TESTS, ROOT, TREES, runtime_modules
from tools.grading import all_or_nothing as aon
from tools.teacher import classroom50 as c50

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

EXERCISES = load_manifest()


def platform_score(report, points):
    """Classroom 50's score for a python test, from the JSON report it reads."""
    summary = report.get("summary") or {}
    total = int(summary.get("total") or 0)
    passed = int(summary.get("passed") or 0)
    assert total, "sans total, Classroom 50 noterait sur le code de sortie"
    score = max(0, min(points, round(points * passed / total)))
    if passed != total:
        score = min(score, max(0, points - 1))
    return score


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return c50.write_output(tmp_path_factory.mktemp("classroom50"))


@pytest.fixture(scope="module")
def tests_array(output):
    return json.loads(output.tests_file.read_text(encoding="utf-8"))


def bundle_files(output):
    return {
        p.relative_to(output.bundle).as_posix() for p in output.bundle.rglob("*") if p.is_file()
    }


# -- the tests array ------------------------------------------------------------


def test_the_array_obeys_the_platform_rules(tests_array):
    assert isinstance(tests_array, list)  # the `--tests` format is a bare array
    assert c50.validate_tests(tests_array) == []
    assert len(tests_array) <= c50.MAX_TESTS


def test_one_python_test_per_exercise_with_its_points(tests_array):
    assert len(tests_array) == len(EXERCISES)
    for test, ex in zip(tests_array, EXERCISES, strict=True):
        assert test["type"] == "python"
        assert type(test["points"]) is int
        assert test["points"] == ex.points
        assert test["name"].startswith(f"{ex.number} · ")
    assert sum(t["points"] for t in tests_array) == sum(ex.points for ex in EXERCISES)
    assert len({t["name"] for t in tests_array}) == len(tests_array)


def test_timeouts_leave_room_for_the_hang_guards(tests_array):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    default_guard = pyproject["tool"]["pytest"]["ini_options"]["timeout"]
    for test, ex in zip(tests_array, EXERCISES, strict=True):
        assert type(test["timeout"]) is int
        assert c50.MIN_TIMEOUT <= test["timeout"] <= c50.MAX_TIMEOUT
        budget = int(re.search(r"--session-timeout=(\d+)", test["run"])[1])
        # No test starts after `budget` (pytest-timeout checks it between
        # tests), which leaves the first ones their whole hang guard; Classroom
        # 50's timeout only comes after pytest's start-up and report.
        assert budget >= (ex.timeout or default_guard), ex.id
        assert budget + c50.STARTUP_MARGIN <= test["timeout"], ex.id


def test_every_exercise_hanging_still_fits_the_15_minute_job(tests_array):
    runs = sum(test["timeout"] for test in tests_array)
    setups = c50.SETUP_ALLOWANCE_FIRST + c50.SETUP_ALLOWANCE_NEXT * (len(tests_array) - 1)
    worst = c50.PLATFORM_ALLOWANCE + setups + runs
    assert worst <= c50.JOB_LIMIT * (1 - c50.JOB_MARGIN) < 15 * 60
    plans = [c50.Planned(ex, 10, 30.0) for ex in EXERCISES]
    assert c50.worst_case_seconds(plans) == c50.PLATFORM_ALLOWANCE + setups + 45 * len(EXERCISES)


def test_a_manifest_too_slow_for_the_job_is_refused(tmp_path):
    text = (ROOT / "manifest.toml").read_text(encoding="utf-8")
    slow = re.sub(r"(?m)^timeout = \d+", "timeout = 500", text)
    assert slow != text
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(slow, encoding="utf-8")
    with pytest.raises(c50.Classroom50Error, match="15 minutes"):
        c50.write_output(tmp_path / "sortie", manifest=manifest)


def test_run_is_plain_pytest_on_the_exercise_files_only(tests_array):
    for test, ex in zip(tests_array, EXERCISES, strict=True):
        argv = shlex.split(test["run"])
        assert argv[:3] == ["python3", "-m", "pytest"]
        assert [a for a in argv if a.endswith(".py")] == [
            f"tests/public/{ex.test_file_name}",
            f"tests/hidden/{ex.test_file_name}",
        ]
        assert "tools.grading.all_or_nothing" in argv
        assert argv[argv.index("-c") + 1] == "pyproject.toml"
        # The French verdict first, no progress table: the release shows 2000 characters.
        assert "--eleve" in argv
        assert "--progression=non" in argv
        # Classroom 50 appends its pytest-json-report flags to this string.
        assert "--json-report" not in test["run"]
        assert not set(";&|<>`$%") & set(test["run"])


def test_setup_is_one_shell_safe_python3_line(tests_array):
    for test in tests_array:
        assert test["setup"] == f'python3 -c "{c50.INSTALLER_CODE}"'
    # The same command must work from sh and from cmd.exe (Windows runners).
    assert not set('$%`\\"') & set(c50.INSTALLER_CODE)
    assert "uv.lock" in c50.BUNDLE_ROOT_FILES


def test_names_are_cut_to_the_platform_limit():
    long = Exercise("ex42_long", "é" * 80, 3, ("s",), ("h",))
    name = c50.assignment_test_name(long)
    assert len(name.encode("utf-8")) <= c50.MAX_NAME_BYTES
    assert name.startswith("42 · é")
    assert name.endswith("…")
    assert c50.validate_tests([{"name": name, "type": "python", "run": "x", "points": 1}]) == []


BAD_TESTS = {
    "points au-delà de 1000": [{"name": "a", "type": "python", "run": "x", "points": 1001}],
    "points négatifs": [{"name": "a", "type": "python", "run": "x", "points": -1}],
    "points booléens": [{"name": "a", "type": "python", "run": "x", "points": True}],
    "points décimaux": [{"name": "a", "type": "python", "run": "x", "points": 2.5}],
    "timeout au-delà de 600 s": [{"name": "a", "type": "run", "run": "x", "timeout": 601}],
    "timeout négatif": [{"name": "a", "type": "run", "run": "x", "timeout": -1}],
    "plus de 100 tests": [{"name": str(i), "type": "run", "run": "x"} for i in range(101)],
    "noms en double": [{"name": "a", "type": "run", "run": "x"}] * 2,
    "nom avec un saut de ligne": [{"name": "a\n::error::x", "type": "run", "run": "x"}],
    "nom de 101 octets": [{"name": "é" * 50 + "e", "type": "run", "run": "x"}],
    "type inconnu": [{"name": "a", "type": "pytest", "run": "x"}],
    "run manquant": [{"name": "a", "type": "python"}],
    "clé inconnue": [{"name": "a", "type": "python", "run": "x", "poids": 2}],
    "pas un tableau": {"tests": []},
}


@pytest.mark.parametrize("tests", BAD_TESTS.values(), ids=BAD_TESTS.keys())
def test_validation_rejects_what_the_platform_rejects(tests):
    assert c50.validate_tests(tests)


def test_a_slug_the_platform_refuses_is_refused(tmp_path):
    with pytest.raises(c50.Classroom50Error, match="slug"):
        c50.write_output(tmp_path, "Mon Devoir")


# -- the bundle -----------------------------------------------------------------


def test_the_bundle_holds_every_hidden_test_and_the_support_code(output):
    files = bundle_files(output)
    expected = {
        "tests/__init__.py",
        "conftest.py",
        "manifest.toml",
        "pyproject.toml",
        *(f"tests/hidden/{p.name}" for p in HIDDEN_TESTS.glob("*.py")),
        *(f"tests/public/{p.name}" for p in PUBLIC_TESTS.glob("*.py")),
        *(p.relative_to(ROOT).as_posix() for p in runtime_modules()),
    }
    assert expected <= files
    assert "tools/grading/all_or_nothing.py" in files
    for ex in EXERCISES:
        assert f"tests/hidden/{ex.test_file_name}" in files
    for name in files:
        assert (output.bundle / name).read_bytes() == (ROOT / name).read_bytes(), name


def test_the_bundle_has_nothing_from_solutions_or_mutants(output):
    files = bundle_files(output)
    solution_names = {p.name for p in TREES["solutions"].glob("*.py")}
    for name in files:
        parts = name.split("/")
        assert not {"solutions", "mutants", "unit", "__pycache__"} & set(parts), name
        assert parts[-1] not in solution_names, name
    # Classroom 50 would grade with a tests.json or an autograder.py found here.
    assert not {"tests.json", "autograder.py"} & files
    bundle_lines = set()
    for name in files:
        text = (output.bundle / name).read_text(encoding="utf-8")
        bundle_lines |= {line.strip() for line in text.splitlines()}
    # The bundle is public: not one line of a solution that its stub lacks.
    for solution in sorted(TREES["solutions"].glob("*.py")):
        stub = (TREES["exercises"] / solution.name).read_text(encoding="utf-8")
        stub_lines = {line.strip() for line in stub.splitlines()}
        for line in solution.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 20 and not line.startswith("#") and line not in stub_lines:
                assert line not in bundle_lines, f"{solution.name} : {line!r}"


def test_setup_replaces_the_students_copies(output, tmp_path):
    student = tmp_path / "eleve"
    (student / "tests" / "public").mkdir(parents=True)
    (student / "tests" / "public" / EXERCISES[0].test_file_name).write_text("def test_ok(): pass\n")
    (student / "tests" / "conftest.py").write_text("# triche\n")
    (student / "conftest.py").write_text("# triche\n")
    (student / "exercises").mkdir()
    (student / "exercises" / "ex01.py").write_text("# le travail de l'élève\n")
    # The lock's stamp already there: this test is about the copies (the
    # install is the next test's).
    stamps = tmp_path / "tmp"
    stamps.mkdir()
    digest = hashlib.sha256((output.bundle / "uv.lock").read_bytes()).hexdigest()[:16]
    (stamps / f"asyncio-exercices-verrou-{digest}").touch()
    env = {**os.environ, c50.BUNDLE_DIR_ENV: str(output.bundle), "TMPDIR": str(stamps)}
    done = subprocess.run([sys.executable, "-c", c50.INSTALLER_CODE], cwd=student, env=env)
    assert done.returncode == 0
    ours = {p for p in bundle_files(output) if p.startswith(("tests/", "tools/"))}
    theirs = {
        p.relative_to(student).as_posix()
        for top in ("tests", "tools")
        for p in (student / top).rglob("*.py")
    }
    assert theirs == ours
    for name in (*ours, *c50.BUNDLE_ROOT_FILES):
        assert (student / name).read_bytes() == (output.bundle / name).read_bytes(), name
    assert (student / "exercises" / "ex01.py").read_text() == "# le travail de l'élève\n"


@pytest.mark.timeout(300)
@pytest.mark.skipif(sys.platform == "win32", reason="the venv's layout below is POSIX's")
def test_setup_installs_exactly_the_locked_versions_once(output, tmp_path):
    """In a fresh interpreter with pip, as setup-python gives Classroom 50."""
    venv = tmp_path / "python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    student = tmp_path / "eleve"
    (student / "exercises").mkdir(parents=True)
    stamps = tmp_path / "tmp"
    stamps.mkdir()
    env = {**os.environ, c50.BUNDLE_DIR_ENV: str(output.bundle), "TMPDIR": str(stamps)}
    env.pop("VIRTUAL_ENV", None)
    first = subprocess.run([str(python), "-c", c50.INSTALLER_CODE], cwd=student, env=env)
    assert first.returncode == 0
    from tools.common import lock

    locked = lock.read_lock(output.bundle / "uv.lock")
    show = subprocess.run(
        [str(python), "-c", "import sys;from importlib.metadata import version as v;"
         "print(' '.join(n + '=' + v(n) for n in sys.argv[1:]))", *locked.direct()],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    installed = dict(item.split("=") for item in show.stdout.split())
    assert set(installed) == set(locked.direct())
    for name, version in installed.items():
        assert version in locked.versions[name], (name, version)
    # The next exercises' setups only copy the bundle.
    stamp = [p for p in stamps.iterdir() if p.name.startswith("asyncio-exercices-verrou-")]
    assert len(stamp) == 2  # the stamp and the exported requirements
    # Without pip at all, the next setup still works: it no longer installs.
    for pip in venv.glob("lib/python*/site-packages/pip"):
        shutil.rmtree(pip)
    again = subprocess.run([str(python), "-c", c50.INSTALLER_CODE], cwd=student, env=env)
    assert again.returncode == 0


def test_setup_outside_classroom50_says_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != c50.BUNDLE_DIR_ENV}
    done = subprocess.run(
        [sys.executable, "-c", c50.INSTALLER_CODE], cwd=tmp_path, env=env, capture_output=True
    )
    assert done.returncode != 0
    assert c50.BUNDLE_DIR_ENV in done.stderr.decode("utf-8", "replace")


def test_the_readme_tells_the_teacher_what_to_do(output):
    text = output.readme.read_text(encoding="utf-8")
    for expected in (
        "gh teacher assignment add",
        f"--tests {c50.TESTS_FILE}",
        f"CLASSE/autograders/{c50.DEFAULT_SLUG}/",
        "non modifiable, pas illisible",
        "Release",
        "Tout ou rien",
        "nox -s regrade",
        "**Dépôts privés**",
        "`allowed_files`",
    ):
        assert expected in text, expected


def test_the_readme_lists_what_setup_replaces_and_what_students_may_edit(output):
    text = output.readme.read_text(encoding="utf-8")
    setup = next(line for line in text.splitlines() if line.startswith("- `setup` :"))
    setup += text.split(setup, 1)[1].split("\n- ", 1)[0]
    for name in ("tests/", "tools/", *c50.BUNDLE_ROOT_FILES):
        assert f"`{name}`" in setup, name
    # Every file the tests read in the student's repository survives allowed_files.
    allowed = json.loads(re.search(r"```json\n(.*?)```", text, re.S)[1])
    for name in ("tests/**", "tools/**", "exercises/*.py", *c50.BUNDLE_ROOT_FILES):
        assert name in allowed, name


# -- all or nothing ---------------------------------------------------------------


def report(outcomes, *, exitcode=None, collected=None, collectors=()):
    tests = [
        {"nodeid": f"tests/hidden/test_ex02_gather.py::test_{i}", "outcome": outcome,
         "call": {"outcome": outcome, "longrepr": f"[02 · gather] message {i}"}}
        for i, outcome in enumerate(outcomes)
    ]  # fmt: skip
    counts = {o: outcomes.count(o) for o in set(outcomes)}
    failed = any(o != "passed" for o in outcomes)
    return {
        "exitcode": (1 if failed else 0) if exitcode is None else exitcode,
        "summary": {**counts, "total": len(outcomes), "collected": collected or len(outcomes)},
        "collectors": list(collectors),
        "tests": tests,
    }


def test_one_failure_and_the_exercise_earns_nothing():
    stub = report(["passed", "passed", "passed", "failed"])
    assert platform_score(stub, 8) == 6  # what Classroom 50 gives on its own
    before = copy.deepcopy(stub["tests"])
    verdict = aon.apply_all_or_nothing(stub)
    assert not verdict.validated
    assert platform_score(stub, 8) == 0
    assert stub["summary"].get("passed", 0) == 0
    assert stub["tests"] == before  # each test keeps its own outcome and message
    assert stub["pytest_summary"]["passed"] == 3
    assert "tous ses tests passent" in stub["all_or_nothing"]["note"]
    assert stub["all_or_nothing"]["reasons"] == ["1 test en échec sur 4."]


def test_every_test_passed_and_the_exercise_earns_its_points():
    solved = report(["passed"] * 7)
    assert aon.apply_all_or_nothing(solved).validated
    assert platform_score(solved, 8) == 8
    assert solved["all_or_nothing"]["tests_passed"] == 7


@pytest.mark.parametrize(
    "broken",
    [
        report(["passed", "skipped"], exitcode=0),
        report(["passed", "xfailed"], exitcode=0),
        report(["passed", "error"]),
        report(["passed", "passed"], exitcode=1, collected=5),  # session stopped early
        report(["passed"], exitcode=2),
        report([], exitcode=5),
        report(["passed"], exitcode=1, collectors=[{"nodeid": "t.py", "outcome": "failed"}]),
        {"exitcode": 0, "summary": {"passed": 3, "failed": 1, "total": 4, "collected": 4}},
    ],
    ids=["sauté", "xfail", "erreur", "interrompu", "code 2", "aucun test", "collecte", "résumé"],
)
def test_anything_short_of_all_passed_earns_nothing(broken):
    verdict = aon.apply_all_or_nothing(broken)
    assert not verdict.validated
    assert verdict.reasons
    assert platform_score(broken, 10) == 0


def test_a_run_that_dies_leaves_a_report_worth_nothing(tmp_path):
    target = tmp_path / "report.json"
    registered = []
    options = {"json_report": True, "json_report_file": str(target)}
    config = SimpleNamespace(
        getoption=lambda name, default=None: options.get(name, default),
        pluginmanager=SimpleNamespace(register=lambda plugin, name: registered.append(plugin)),
    )
    aon.pytest_configure(config)
    # Written before any test runs: what Classroom 50 reads if pytest dies.
    assert platform_score(json.loads(target.read_text(encoding="utf-8")), 6) == 0
    (plugin,) = registered
    final = report(["passed"] * 3)
    plugin.pytest_json_modifyreport(json_report=final)
    assert plugin.verdict.validated
    assert platform_score(final, 6) == 6


def test_the_plugin_is_inert_without_a_json_report(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_demo.py").write_text("def test_ok():\n    pass\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"),
         f"--rootdir={tmp_path}", "-p", "tools.grading.all_or_nothing",
         "-p", "no:cacheprovider", str(tmp_path / "test_demo.py")],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Classroom 50" not in done.stdout
    assert not list(tmp_path.glob("*.json"))


def test_the_first_failure_stops_the_exercise_and_says_why():
    """Its other tests cannot change a 0: not running them keeps a submission
    that hangs everywhere within the 15-minute job."""
    plugin = aon.AllOrNothing(None)
    session = SimpleNamespace(shouldfail=False, shouldstop=False)
    plugin.pytest_sessionstart(session)
    plugin.pytest_runtest_logreport(SimpleNamespace(failed=False))
    assert not session.shouldfail
    plugin.pytest_runtest_logreport(SimpleNamespace(failed=True))
    assert session.shouldfail == aon.STOP_TEXT  # what pytest checks after each test, as for -x
    final = report(["passed", "failed"], collected=14)
    plugin.pytest_json_modifyreport(json_report=final)
    assert not plugin.verdict.validated
    assert "12 tests sur 14 non lancé(s) (le premier échec décide déjà de l'exercice)." in (
        plugin.verdict.reasons
    )
    assert platform_score(final, 8) == 0


def test_tests_cut_short_by_time_are_not_blamed_on_a_failure():
    verdict = aon.judge_report(report(["passed"] * 3, collected=5, exitcode=1))
    assert any("temps total dépassé" in reason for reason in verdict.reasons)

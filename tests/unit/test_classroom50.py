"""The Classroom 50 output obeys the platform's rules and grades all-or-nothing.

The platform's rules are the ones vendored in tools/teacher/classroom50.py
(foundation50/classroom50: schemas/tests-v1.schema.json,
cli/gh-teacher/internal/assignment/tests.go); its python-test score is
`platform_score` below (runner.py, `_grade_python`).
"""

import copy
import json
import os
import re
import shlex
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
        # pytest stops starting tests after `budget`, and one test may then run
        # until its own hang guard: Classroom 50 must not kill it first.
        assert budget + (ex.timeout or default_guard) < test["timeout"], ex.id


def test_run_is_plain_pytest_on_the_exercise_files_only(tests_array):
    for test, ex in zip(tests_array, EXERCISES, strict=True):
        argv = shlex.split(test["run"])
        assert argv[:3] == ["python", "-m", "pytest"]
        assert [a for a in argv if a.endswith(".py")] == [
            f"tests/public/{ex.test_file_name}",
            f"tests/hidden/{ex.test_file_name}",
        ]
        assert "tools.grading.all_or_nothing" in argv
        assert argv[argv.index("-c") + 1] == "pyproject.toml"
        # Classroom 50 appends its pytest-json-report flags to this string.
        assert "--json-report" not in test["run"]
        assert not set(";&|<>`$%") & set(test["run"])


def test_setup_installs_the_test_group_then_the_bundle(tests_array):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = [s for s in pyproject["dependency-groups"]["test"] if isinstance(s, str)]
    assert any(s.startswith("pytest-asyncio") for s in specs)
    assert any(s.startswith("pytest-timeout") for s in specs)
    for test in tests_array:
        install, _, place = test["setup"].partition(" && ")
        assert install.startswith("python -m pip install ")
        for spec in specs:
            assert f'"{spec}"' in install
        assert place == f'python -c "{c50.INSTALLER_CODE}"'
        # The same command must work from sh and from cmd.exe (Windows runners).
        assert not set('$%`\\"') & set(c50.INSTALLER_CODE)


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
    env = {**os.environ, c50.BUNDLE_DIR_ENV: str(output.bundle)}
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
    ):
        assert expected in text, expected


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

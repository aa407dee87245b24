"""The student repository's grading workflow (.github/workflows/classroom.yml).

GitHub cannot be reached from here, so the workflow is checked statically
(structure, permissions, actions' majors) and its shell steps are run for real
in a scratch folder, with the files GitHub would provide ($GITHUB_OUTPUT,
$GITHUB_ENV). actionlint, zizmor and the JSON schema check it in `nox -s lint`.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools.common.paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CLASSROOM = WORKFLOWS / "classroom.yml"
# Majors that run on Node 24 (GitHub removed Node 20 from its runners in 2026).
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/upload-artifact": 6,
    "actions/download-artifact": 7,  # its v6 still declares node20
    "actions/setup-node": 5,
    "astral-sh/setup-uv": 7,
}
needs_bash = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("bash") is None,
    reason="the workflow's steps run under bash on ubuntu-latest",
)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(CLASSROOM)


@pytest.fixture(scope="module")
def job(workflow) -> dict:
    (only,) = workflow["jobs"].values()
    return only


def step(job: dict, name: str) -> dict:
    return next(s for s in job["steps"] if s.get("name") == name)


def test_no_workflow_takes_classroom50s_reserved_name():
    names = {p.name for p in WORKFLOWS.iterdir()}
    assert not names & {"autograde.yaml", "autograde.yml"}
    assert "classroom.yml" in names


def test_triggers_guard_and_least_permissions(workflow, job):
    assert {"push", "workflow_dispatch"} <= set(workflow["on"])
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in job  # nothing widens them
    assert job["if"] == "github.actor != 'github-classroom[bot]'"
    assert 0 < job["timeout-minutes"] <= 15
    assert job["runs-on"] == "ubuntu-latest"


# `uses: owner/action@<full commit hash> # vX.Y.Z`: Dependabot reads the comment.
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$")


def test_every_action_is_pinned_by_hash_and_runs_on_node_24():
    """Organisations that require SHA pinning refuse anything else at "Set up
    job"; a hash cannot move under a grade. One version per action everywhere."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "uses:" not in line or line.lstrip().startswith("#"):
                continue
            match = PINNED.match(line)
            assert match, f"{path.name}:{number} : action non épinglée par hash ({line.strip()})"
            action, sha, major = match.groups()
            assert action in NODE24_MAJORS, f"{path.name}: {action} inconnu"
            assert int(major) >= NODE24_MAJORS[action], line
            seen.setdefault(action, set()).add((sha, major))
    assert set(seen) == set(NODE24_MAJORS)
    for action, pins in seen.items():
        assert len(pins) == 1, f"{action} épinglé à plusieurs versions : {pins}"


def test_checkouts_keep_no_credentials():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in load(path)["jobs"].values():
            for s in job["steps"]:
                if s.get("uses", "").startswith("actions/checkout@"):
                    assert s["with"]["persist-credentials"] is False, (path.name, s)


def test_nox_comes_from_the_lock_wherever_a_workflow_runs_it():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert "uvx nox" not in text, path.name
        assert "pip install nox" not in text, path.name
        for line in text.splitlines():
            if " nox --session" in line and "run:" in line:
                assert "uv run --frozen --only-group nox" in line, (path.name, line)


def test_grading_runs_nox_grade_with_the_python_it_set_up(job):
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    grade = step(job, "nox -s grade")
    version = python["with"]["python-version"]
    assert grade["run"] == (
        f"uv run --frozen --only-group nox --python {version} nox --session grade -- "
        "--workflow .github/workflows/classroom.yml"
    )
    cache = next(s for s in job["steps"] if s.get("uses", "").startswith("astral-sh/setup-uv"))
    assert cache["with"]["enable-cache"] is True
    assert cache["with"]["cache-dependency-glob"] == "uv.lock"


def test_the_report_is_always_uploaded(job):
    upload = next(
        s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["if"].startswith("always()")
    assert upload["with"]["path"] == "rapport/"
    assert upload["with"]["if-no-files-found"] == "error"  # no report: the run is red


def test_a_completed_grading_is_green_and_its_grade_names_a_step(job):
    """The grading step fails only when the grading could not be done (the
    grader exits 0 whatever the grade); the grade it writes to the step's
    outputs names the next step, shown in the run's list of steps."""
    grade = step(job, "nox -s grade")
    assert "continue-on-error" not in grade  # its failure must show
    names = [s.get("name", "") for s in job["steps"]]
    (shown,) = [s for s in job["steps"] if s.get("name", "").startswith("Note : ")]
    assert names.index(shown["name"]) == names.index("nox -s grade") + 1
    outputs = f"steps.{grade['id']}.outputs"
    assert shown["name"] == "Note : ${{ " + outputs + ".note }}"
    assert f"{outputs}.note != ''" in shown["if"]
    assert shown["env"] == {"SUITE": "${{ " + outputs + ".suite }}"}
    assert "${{" not in shown["run"]  # the text reaches the shell as data only


@needs_bash
def test_the_grade_step_prints_what_to_do_next(job, tmp_path):
    (shown,) = [s for s in job["steps"] if s.get("name", "").startswith("Note : ")]
    line = "Note : 65/100 — à corriger ensuite : 08 · `x` $(echo non)"
    code, _, out = run_step(shown["run"], tmp_path, {"SUITE": line})
    assert (code, out) == (0, line + "\n")


def test_in_the_teachers_repository_nothing_runs_after_the_guard(job):
    names = [s.get("name", s.get("uses")) for s in job["steps"]]
    after_guard = job["steps"][names.index("Dépôt de l'enseignant ?") + 1 :]
    for s in after_guard:
        assert "steps.role.outputs.teacher == 'false'" in s["if"] or (
            "steps.hidden.outputs.available == 'true'" in s["if"]
        ), s


def run_step(script: str, cwd: Path, env: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """Run a `run:` block as GitHub does (bash -e), return its outputs."""
    outputs, github_env = cwd / "github_output", cwd / "github_env"
    outputs.touch()
    github_env.touch()
    completed = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, **env, "GITHUB_OUTPUT": str(outputs), "GITHUB_ENV": str(github_env)},
        capture_output=True,
        text=True,
        check=False,
    )
    values = dict(
        line.split("=", 1)
        for path in (outputs, github_env)
        for line in path.read_text().splitlines()
        if "=" in line
    )
    return completed.returncode, values, completed.stdout + completed.stderr


@needs_bash
@pytest.mark.parametrize(
    ("solutions", "declared", "teacher"),
    [
        (False, None, "false"),
        (True, None, "false"),  # a student's empty solutions/ grades as usual
        (True, "PROPRIETAIRE/DEPOT", "false"),  # the file as shipped, not yet filled in
        (True, "eleve/autre-depot", "false"),
        (False, "prof/asyncio", "false"),
        (True, "prof/asyncio", "true"),
        (True, "# commentaire\n\n  prof/asyncio  \n", "true"),
    ],
)
def test_the_guard_needs_solutions_and_the_declared_repository(
    job, tmp_path, solutions, declared, teacher
):
    script = step(job, "Dépôt de l'enseignant ?")["run"]
    if solutions:
        (tmp_path / "solutions").mkdir()
    if declared is not None:
        (tmp_path / ".github").mkdir()
        (tmp_path / ".github" / "depot-enseignant").write_text(declared + "\n")
    code, values, out = run_step(script, tmp_path, {"REPOSITORY": "prof/asyncio"})
    assert code == 0, out
    assert values["teacher"] == teacher
    assert ("::notice" in out) == solutions


def test_the_repository_ships_its_declaration_unfilled():
    text = (ROOT / ".github" / "depot-enseignant").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines == ["PROPRIETAIRE/DEPOT"]


@needs_bash
@pytest.mark.parametrize(
    ("token", "repository", "ref", "code", "available"),
    [
        ("false", "", "", 0, "false"),
        ("true", "prof/tests-caches", "v1", 0, "true"),
        ("true", "", "v1", 1, None),
        ("true", "prof/tests-caches", "", 1, None),
    ],
)
def test_hidden_tests_are_fetched_only_when_fully_configured(
    job, tmp_path, token, repository, ref, code, available
):
    script = step(job, "Tests cachés configurés ?")["run"]
    env = {"HAS_TOKEN": token, "REPOSITORY": repository, "REF": ref}
    returncode, values, out = run_step(script, tmp_path, env)
    assert returncode == code
    assert values.get("available") == available
    if code:
        assert "::error" in out


@needs_bash
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_teachers_tests_replace_the_students(job, tmp_path):
    student = tmp_path
    (student / "tests" / "public").mkdir(parents=True)
    (student / "tests" / "public" / "test_ex01.py").write_text("edited by the student")
    (student / "manifest.toml").write_text("points = 1000")
    # The grading engine ships to the students too: their copy must not grade them.
    (student / "tools" / "grading").mkdir(parents=True)
    (student / "tools" / "grading" / "grader.py").write_text("edited: full marks")
    (student / "exercises").mkdir()
    (student / "exercises" / "ex01.py").write_text("student code")
    teacher = student / ".tests-enseignant"
    for relative, text in {
        "tests/public/test_ex01.py": "public",
        "tests/hidden/test_ex01.py": "hidden",
        "manifest.toml": "points = 5",
        "conftest.py": "conftest",
        "noxfile.py": "teacher's sessions",
        "uv.lock": "teacher's versions",
        "tools/grading/grader.py": "teacher's grader",
    }.items():
        (teacher / relative).parent.mkdir(parents=True, exist_ok=True)
        (teacher / relative).write_text(text)
    git = ["git", "-C", str(teacher), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tests"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()

    script = step(job, "Mettre en place les tests de l'enseignant")["run"]
    returncode, values, out = run_step(script, student, {"REPOSITORY": "prof/tests-caches"})
    assert returncode == 0, out
    assert (student / "tests" / "public" / "test_ex01.py").read_text() == "public"
    assert (student / "tests" / "hidden" / "test_ex01.py").read_text() == "hidden"
    assert (student / "manifest.toml").read_text() == "points = 5"
    assert (student / "noxfile.py").read_text() == "teacher's sessions"
    assert (student / "uv.lock").read_text() == "teacher's versions"
    assert (student / "tools" / "grading" / "grader.py").read_text() == "teacher's grader"
    assert (student / "exercises" / "ex01.py").read_text() == "student code"
    assert not teacher.exists()
    assert values["GRADING_TESTS_SOURCE"] == f"prof/tests-caches@{commit}"

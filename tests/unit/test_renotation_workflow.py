"""The class re-grade workflow of the teacher's repository (.github/workflows/renotation.yml).

Checked statically (triggers, permissions, where the token goes), then its
shell steps are run here as GitHub would run them, in order, on a copy of
this repository: the slices, what the graded machines receive, the clone of
a slice from bare repositories (file://, owner/name under a base URL), its
grading, and the merge of the slices' tables.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.unit.test_workflows import needs_bash, run_step
from tools.common.manifest import load_manifest
from tools.common.paths import ROOT, TREES
from tools.teacher import regrade
from tools.teacher.sandbox import Sandbox, SandboxUnavailable
from tools.teacher.template import student_files, write_files

WORKFLOW = ROOT / ".github" / "workflows" / "renotation.yml"


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


DATA = load()
JOBS = DATA["jobs"]


def step(job: str, name: str) -> dict:
    return next(s for s in JOBS[job]["steps"] if s.get("name") == name)


def test_it_runs_on_demand_only_with_least_permissions() -> None:
    assert set(DATA["on"]) == {"workflow_dispatch"}
    assert DATA["permissions"] == {"contents": "read"}
    # The machines that run the students' code get no token at all.
    assert JOBS["noter"]["permissions"] == {}
    assert JOBS["fusionner"]["permissions"] == {}


def test_the_token_reaches_the_clone_step_only() -> None:
    holders = [
        (job, s.get("name") or s.get("uses"))
        for job, spec in JOBS.items()
        for s in spec["steps"]
        if "secrets." in yaml.safe_dump(s)
    ]
    assert holders == [("noter", "Cloner la tranche")]
    steps = [s.get("name") for s in JOBS["noter"]["steps"]]
    assert steps.index("Cloner la tranche") < steps.index("Noter la tranche")


def test_the_graded_machines_never_receive_the_solutions(tmp_path: Path) -> None:
    script = step("preparer", "Retirer ce qui reste chez l'enseignant")["run"]
    for folder in ("solutions", "tests/mutants", "tests/alternatives", "tests/unit", ".git"):
        assert folder in script


@needs_bash
@pytest.mark.parametrize(
    ("tranches", "code", "output"),
    [("3", 0, "[1,2,3]"), ("1", 0, "[1]"), ("0", 1, None), ("21", 1, None), ("deux", 1, None)],
)
def test_the_slices(tmp_path: Path, tranches: str, code: int, output: str | None) -> None:
    (tmp_path / "classe.txt").write_text("prof/ada\n", encoding="utf-8")
    script = step("preparer", "Tranches")["run"]
    returncode, values, out = run_step(
        script, tmp_path, {"TRANCHES": tranches, "LISTE": "classe.txt"}
    )
    assert returncode == code, out
    assert values.get("tranches") == output
    if code:
        assert "::error" in out


@needs_bash
def test_a_missing_roster_is_refused(tmp_path: Path) -> None:
    script = step("preparer", "Tranches")["run"]
    returncode, _, out = run_step(script, tmp_path, {"TRANCHES": "2", "LISTE": "absente.txt"})
    assert returncode == 1
    assert "absente.txt" in out


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Élève",
        "GIT_AUTHOR_EMAIL": "eleve@example.org",
        "GIT_COMMITTER_NAME": "Élève",
        "GIT_COMMITTER_EMAIL": "eleve@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


# Two quick exercises are enough to follow a class through slicing, grading
# and merging: the whole manifest would only make each slice's grading longer.
KEPT_EXERCISES = ("ex01_premiere_coroutine", "ex04_await_oublie")


def trimmed_manifest(text: str, kept: tuple[str, ...] = KEPT_EXERCISES) -> str:
    """manifest.toml with only the `kept` exercises (their sub-tables too)."""
    blocks = text.split("[[exercise]]\n")
    chosen = [block for block in blocks[1:] if any(f'id = "{ex}"' in block for ex in kept)]
    assert len(chosen) == len(kept)
    return "[[exercise]]\n".join([blocks[0], *chosen])


def sandbox_here() -> bool:
    try:
        Sandbox.find()
    except SandboxUnavailable:
        return False
    return True


@pytest.mark.bout_en_bout
@pytest.mark.timeout(600)
@needs_bash
@pytest.mark.skipif(shutil.which("git") is None, reason="git est introuvable")
@pytest.mark.skipif(not sandbox_here(), reason="la tranche note dans le bac à sable (Linux)")
def test_two_slices_cloned_graded_and_merged_as_the_workflow_does(tmp_path: Path) -> None:
    # The students: two repositories under owner "prof" on a "server".
    server = tmp_path / "serveur"
    manifest = trimmed_manifest((ROOT / "manifest.toml").read_text(encoding="utf-8"))
    for name in ("ada", "brice"):
        work = tmp_path / "travail" / name
        write_files(student_files(ROOT), work)
        (work / "manifest.toml").write_text(manifest, encoding="utf-8")
        for ex in load_manifest():
            shutil.copyfile(TREES["solutions"] / ex.file_name, work / "exercises" / ex.file_name)
        git(work, "init", "-q")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "rendu")
        (server / "prof").mkdir(parents=True, exist_ok=True)
        git(tmp_path, "clone", "-q", "--bare", str(work), str(server / "prof" / f"{name}.git"))
    # The teacher's repository as the first job leaves it.
    teacher = tmp_path / "enseignant"
    shutil.copytree(ROOT, teacher, ignore=shutil.ignore_patterns(".nox", "__pycache__", "notes-*"))
    (teacher / "manifest.toml").write_text(manifest, encoding="utf-8")
    (teacher / "classe.txt").write_text("prof/ada\nprof/brice\n", encoding="utf-8")
    code, _, out = run_step(
        step("preparer", "Retirer ce qui reste chez l'enseignant")["run"], teacher, {}
    )
    assert code == 0, out
    assert not (teacher / "solutions").exists()
    # The environment step installs the `test` group; here, this interpreter.
    python = teacher / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    base = {"BASE_URL": server.as_uri(), "GITHUB_STEP_SUMMARY": str(tmp_path / "resume.md")}
    tables = []
    for tranche in (1, 2):
        machine = tmp_path / f"machine-{tranche}"
        shutil.copytree(teacher, machine, symlinks=True)
        env = {
            **base,
            "TOKEN": "",
            "LISTE": "classe.txt",
            "AVANT": "",
            "TRANCHE": str(tranche),
            "TRANCHES": "[1,2]",
        }
        code, _, out = run_step(step("noter", "Cloner la tranche")["run"], machine, env)
        assert code == 0, out
        code, _, out = run_step(step("noter", "Noter la tranche")["run"], machine, env)
        assert code == 0, out
        table = machine / f"notes-{tranche:02d}"
        assert (table / "notes.csv").is_file(), out
        tables.append(table)
    # What download-artifact gives the last job: one folder per artifact.
    merger = tmp_path / "fusion"
    shutil.copytree(teacher, merger, symlinks=True)
    for tranche, table in enumerate(tables, start=1):
        shutil.copytree(table, merger / "tranches" / f"notes-{tranche}" / table.name)
    code, _, out = run_step(step("fusionner", "Fusionner les tranches")["run"], merger, base)
    assert code == 0, out
    header, rows = regrade.read_csv(merger / "notes" / "notes.csv")
    assert [row[0] for row in rows] == ["prof_ada", "prof_brice"]  # the roster's order
    assert all(row[header.index("total")] == row[header.index("max")] for row in rows), rows
    assert all(row[header.index("drapeaux")] == "" for row in rows), rows
    assert (merger / "notes" / "classe.html").is_file()
    assert (merger / "notes" / "prof_ada" / "notation.json").is_file()  # details came along
    assert "2 tranche(s)" in (tmp_path / "resume.md").read_text(encoding="utf-8")

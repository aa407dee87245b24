"""Codespaces and VS Code: .devcontainer/devcontainer.json and .vscode/settings.json.

Both are plain JSON (no comments) so that they are read here as VS Code reads
them. The environment itself (an image, pip, PyPI) cannot be built in a unit
test: what is checked is what the files say, that the student template ships
them, and that VS Code's Testing panel, given these settings, finds and runs
the public tests of an exported template, by the commands the Python
extension runs.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from tests.unit.exports import clean_env, copy_of
from tools.common.manifest import load_manifest
from tools.common.paths import ROOT
from tools.student.progress import STATE_VARIABLE
from tools.teacher.template import EDITOR_FILES, student_files

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

DEVCONTAINER = ".devcontainer/devcontainer.json"
SETTINGS = ".vscode/settings.json"
EXERCISES = load_manifest()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LIMIT = 120  # seconds: far above the second a collection takes


def read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def steps(command: str) -> list[list[str]]:
    """postCreateCommand, a /bin/sh line of `a && b && c`, as argument lists."""
    return [shlex.split(part) for part in command.split("&&")]


def option_values(args: list[str], option: str) -> list[str]:
    return [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == option]


# -- what the files say ------------------------------------------------------------


def test_the_devcontainer_file_is_json_for_codespaces() -> None:
    config = read_json(ROOT / DEVCONTAINER)
    assert config["name"] == "Exercices asyncio"
    assert config["image"] == "mcr.microsoft.com/devcontainers/python:3.13"
    assert "ms-python.python" in config["customizations"]["vscode"]["extensions"]
    # The image's Python must be one the project supports (pyproject classifiers).
    version = config["image"].rsplit(":", 1)[1]
    assert f"Programming Language :: Python :: {version}" in PYPROJECT["project"]["classifiers"]


def test_post_create_installs_nox_uv_and_the_test_and_watch_groups_from_the_lock(
    tmp_path: Path,
) -> None:
    config = read_json(ROOT / DEVCONTAINER)
    command = config["postCreateCommand"]
    assert isinstance(command, str)
    venv, bootstrap, export, install = steps(command)
    assert venv == ["python3", "-m", "venv", ".venv"]
    # uv first (any recent one reads the lock), then everything from uv.lock.
    assert bootstrap[:4] == [".venv/bin/python", "-m", "pip", "install"]
    assert Requirement(bootstrap[4]).name == "uv"
    assert export[:3] == [".venv/bin/uv", "export", "--frozen"]
    groups = option_values(export, "--only-group")
    assert set(groups) == {"nox", "test", "watch"}
    assert set(groups) <= set(PYPROJECT["dependency-groups"]), groups
    output = option_values(export, "--output-file")
    assert install == [".venv/bin/python", "-m", "pip", "install", "-r", *output]
    # What that export gives, here: every package pinned, with its hashes.
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv introuvable ici")
    written = tmp_path / "verrou.txt"
    argv = [uv, *export[1:]]
    argv[argv.index("--output-file") + 1] = str(written)
    subprocess.run(argv, cwd=ROOT, check=True, timeout=LIMIT)
    pins = dict(re.findall(r"^([a-z0-9-]+)==(\S+?)(?: ;|\s|$)", written.read_text(), re.M))
    assert {"nox", "uv", "pytest", "pytest-asyncio", "pytest-timeout", "psutil", "watchdog"} <= set(
        pins
    )
    # The nox installed is one the noxfile accepts.
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    needs = re.search(r'^nox\.needs_version = "([^"]+)"', noxfile, re.M)
    assert needs is not None
    assert Requirement(f"nox{needs[1]}").specifier.contains(pins["nox"])


def test_vscode_uses_the_environment_postcreate_made() -> None:
    config = read_json(ROOT / DEVCONTAINER)
    venv_bin = "${containerWorkspaceFolder}/.venv/bin"
    settings = config["customizations"]["vscode"]["settings"]
    assert settings["python.defaultInterpreterPath"] == f"{venv_bin}/python"
    # `nox -s tests` typed in any terminal finds the venv's nox.
    assert config["remoteEnv"]["PATH"].split(":")[0] == venv_bin
    assert "${containerEnv:PATH}" in config["remoteEnv"]["PATH"]
    # .venv/ is never committed, by the teacher or by a student.
    assert ".venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_workspace_settings_turn_pytest_on() -> None:
    settings = read_json(ROOT / SETTINGS)
    assert settings["python.testing.pytestEnabled"] is True
    assert settings["python.testing.unittestEnabled"] is False
    args = settings["python.testing.pytestArgs"]
    assert isinstance(args, list)
    assert all(isinstance(arg, str) for arg in args)
    assert settings["files.encoding"] == "utf8"


# -- shipped to the students -------------------------------------------------------


def test_the_export_ships_both_files_unchanged(exported: Path) -> None:
    assert set(EDITOR_FILES) == {DEVCONTAINER, SETTINGS}
    assert set(EDITOR_FILES) <= set(student_files())
    for name in EDITOR_FILES:
        assert (exported / name).read_bytes() == (ROOT / name).read_bytes(), name


def public_test_ids() -> set[str]:
    """Each public test function, as pytest names it (without parameters)."""
    ids = set()
    for exercise in EXERCISES:
        path = ROOT / "tests" / "public" / exercise.test_file_name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ids |= {
            f"tests/public/{exercise.test_file_name}::{node.name}"
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test")
        }
    return ids


def run_in(folder: Path, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env()
    env[STATE_VARIABLE] = str(tmp_path / "progression.json")  # nothing written in the export
    return subprocess.run(
        [sys.executable, *args], cwd=folder, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=LIMIT, check=False,
    )  # fmt: skip


def test_vscode_discovers_every_public_test_of_the_export(exported: Path, tmp_path: Path) -> None:
    """The Python extension discovers with `python -m pytest -p vscode_pytest
    --collect-only <python.testing.pytestArgs>`, in the workspace folder (its
    plugin only reports the result to VS Code, so it is left out here)."""
    pytest_args = read_json(exported / SETTINGS)["python.testing.pytestArgs"]
    done = run_in(exported, ["-m", "pytest", "--collect-only", "-q", *pytest_args], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    collected = {line for line in done.stdout.splitlines() if "::" in line}
    assert {node.split("[")[0] for node in collected} == public_test_ids()
    for exercise in EXERCISES:
        assert any(exercise.test_file_name in node for node in collected), exercise.id


def test_vscode_runs_a_public_test_file_of_the_export(exported: Path, tmp_path: Path) -> None:
    """A run from the Testing panel: `--rootdir <workspace>`, the settings'
    options (its positional paths removed) and the node ids, absolute."""
    copy = copy_of(exported, tmp_path)
    first = EXERCISES[0]
    shutil.copyfile(ROOT / "solutions" / first.file_name, copy / "exercises" / first.file_name)
    options = [a for a in read_json(copy / SETTINGS)["python.testing.pytestArgs"] if a[:1] == "-"]
    node = str(copy / "tests" / "public" / first.test_file_name)
    done = run_in(copy, ["-m", "pytest", "--rootdir", str(copy), *options, node], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"\b\d+ passed\b", done.stdout), done.stdout

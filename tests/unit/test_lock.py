"""uv.lock: every grading installs its versions, and the self-check fails
when it no longer matches pyproject.toml."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tools.common import lock
from tools.common.paths import ROOT
from tools.maintainer import lock_check

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def copy_project(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_lock_matches_pyproject() -> None:
    ok, message = lock_check.check(ROOT)
    assert ok, message


def test_a_raised_floor_without_uv_lock_fails_the_self_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    drifted = re.sub(r'"pytest>=[^"]+"', '"pytest>=99"', text, count=1)
    assert drifted != text
    pyproject.write_text(drifted, encoding="utf-8")
    ok, message = lock_check.check(project)
    assert not ok
    assert "uv.lock ne correspond plus à pyproject.toml" in message
    assert "`uv lock`" in message
    assert "`uv lock --upgrade`" in message
    assert lock_check.main([str(project)]) == 1


def test_a_package_added_without_uv_lock_fails_the_self_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace("test = [\n", 'test = [\n    "attrs>=20",\n', 1), encoding="utf-8"
    )
    assert not lock_check.check(project)[0]


def test_no_lock_at_all_fails_the_self_check(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    ok, message = lock_check.check(tmp_path)
    assert not ok
    assert "uv.lock est absent" in message


def test_the_grading_group_is_pinned_within_pyproject_floors() -> None:
    locked = lock.read_lock()
    direct = set(locked.direct())
    for spec in PYPROJECT["dependency-groups"]["test"]:
        requirement = Requirement(spec)
        name = lock.normalize(requirement.name)
        assert name in direct, f"{name} absent du groupe test de uv.lock"
        versions = locked.versions[name]
        assert versions, name
        assert all(requirement.specifier.contains(v) for v in versions), (name, versions)


def test_the_export_installs_exactly_the_locked_versions(tmp_path: Path) -> None:
    uv = lock_check.uv_binary()
    assert uv is not None, "uv introuvable"
    output = tmp_path / "verrou.txt"
    subprocess.run([uv, *lock.export_arguments(["test"], output)], check=True)
    text = output.read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([a-z0-9-]+)==([^\s;]+)", text, flags=re.MULTILINE))
    locked = lock.read_lock()
    for name in locked.direct():
        assert pins[name] in locked.versions[name]
    # With hashes: pip then refuses any other file than the locked one.
    assert "--hash=sha256:" in text


def test_the_report_names_the_versions_it_graded_with() -> None:
    graded = lock.graded_with()
    names = [package.name for package in graded]
    assert {"pytest", "pytest-asyncio", "pytest-timeout", "psutil"} <= set(names)
    for package in graded:
        assert package.installed is not None
        # Every run of the unit tests and self-checks then proves it graded with the lock.
        assert package.as_locked, package.text()
        assert package.text().startswith(f"{package.name} {package.installed}")


def test_a_drifted_environment_is_reported_in_french() -> None:
    off = lock.Graded("pytest", "8.4.0", frozenset({"9.2.0"}))
    fine = lock.Graded("psutil", "7.2.2", frozenset({"7.2.2"}))
    warning = lock.drift_warning([off, fine])
    assert warning is not None
    assert "pytest 8.4.0 (verrou : 9.2.0)" in warning
    assert "psutil" not in warning
    assert lock.drift_warning([fine]) is None


@pytest.mark.parametrize("name", ["Pytest_Asyncio", "pytest.asyncio", "PYTEST-ASYNCIO"])
def test_package_names_are_normalized(name: str) -> None:
    assert lock.normalize(name) == "pytest-asyncio"

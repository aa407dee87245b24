"""The project's configuration stays consistent with itself."""

import re
import tomllib

from tools.common.paths import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CLASSIFIER = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")


def supported_pythons() -> list[str]:
    found = [CLASSIFIER.match(c) for c in PYPROJECT["project"]["classifiers"]]
    return [m.group(1) for m in found if m]


def test_supported_pythons_are_3_11_to_3_15():
    assert supported_pythons() == ["3.11", "3.12", "3.13", "3.14", "3.15"]


def test_ci_matrix_covers_every_supported_python_and_os():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    matrix = re.search(r"^\s*python: \[(.*)\]$", workflow, re.M)
    assert matrix, "ci.yml: pas de matrice python"
    assert [v.strip(' "') for v in matrix.group(1).split(",")] == supported_pythons()
    for runner in ("ubuntu-latest", "macos-latest", "windows-latest"):
        assert runner in workflow
    for action, major in (("actions/checkout", 5), ("actions/setup-python", 6)):
        # Pinned by hash, the version in the comment (test_workflows.py).
        versions = re.findall(rf"uses: {action}@[0-9a-f]{{40}} # v(\d+)", workflow)
        assert versions, action
        assert all(int(v) >= major for v in versions), f"{action} doit être en v{major}+"


def test_pytest_is_strict_and_every_test_has_a_hang_guard():
    options = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert {"--strict-markers", "--strict-config"} <= set(options["addopts"])
    assert options["asyncio_mode"] == "strict"
    assert options["asyncio_default_fixture_loop_scope"] == "function"
    assert options["asyncio_default_test_loop_scope"] == "function"
    assert options["timeout"] > 0

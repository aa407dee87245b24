"""The tree's boundaries hold: who may import whom (docs/architecture.md).

Static: the `import` statements of every module, read with ast, nothing run.
The export's own test (test_template.py) checks the same thing dynamically,
inside an export, on the newest Python only; this one runs everywhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tools.common.paths import ROOT, RUNTIME_PACKAGES, runtime_modules

# Never imported by what ships to the students.
TEACHER_SIDE = (
    "tools.teacher",
    "tools.maintainer",
    "tests.hidden",
    "tests.unit",
    "tests.mutants",
    "tests.alternatives",
    "tests.hostile",
    "solutions",
)
SHIPPED_CODE = [
    *runtime_modules(),
    *sorted((ROOT / "tests" / "public").glob("*.py")),
    ROOT / "conftest.py",
]
PRODUCT_PACKAGES = ("tools/common", "tools/grading", "tools/student")


def imported_modules(path: Path) -> list[str]:
    """Every module named by an import statement of `path` (relative imports
    resolved against the file's package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = path.relative_to(ROOT).parent.as_posix().replace("/", ".")
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
            names += [f"{base}.{alias.name}" for alias in node.names] or [base]
    return names


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def test_the_runtime_packages_are_folders_of_modules():
    assert RUNTIME_PACKAGES[0] == "tools"  # its __init__.py only: the subpackages are named
    for folder in RUNTIME_PACKAGES:
        assert (ROOT / folder / "__init__.py").is_file(), folder
    assert ROOT / "tools" / "grading" / "grader.py" in runtime_modules()
    assert ROOT / "tests" / "support" / "student.py" in runtime_modules()
    assert not any("teacher" in p.parts or "maintainer" in p.parts for p in runtime_modules())


@pytest.mark.parametrize("path", SHIPPED_CODE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shipped_code_never_imports_the_teachers_side(path: Path):
    bad = [name for name in imported_modules(path) if within(name, TEACHER_SIDE)]
    assert not bad, (
        f"{path.relative_to(ROOT)} est exporté chez les élèves mais importe {bad} : "
        "ce code-là ne part jamais chez eux (tools/teacher, tools/maintainer, tests cachés…)."
    )


@pytest.mark.parametrize(
    "path",
    [p for folder in PRODUCT_PACKAGES for p in sorted((ROOT / folder).glob("*.py"))],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_the_product_does_not_depend_on_the_tests(path: Path):
    bad = [name for name in imported_modules(path) if within(name, ("tests", "conftest"))]
    assert not bad, (
        f"{path.relative_to(ROOT)} importe {bad} : les outils ne dépendent pas des tests"
    )


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tools" / "common").glob("*.py")), ids=lambda p: p.name
)
def test_common_is_the_bottom_layer(path: Path):
    bad = [
        name
        for name in imported_modules(path)
        if within(name, ("tools",)) and not within(name, ("tools.common",))
    ]
    assert not bad, f"{path.relative_to(ROOT)} importe {bad} : tools/common n'importe que lui-même"


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "tools").rglob("*.py"), *(ROOT / "tests" / "support").glob("*.py")]),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_module_says_what_it_is_for(path: Path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, f"{path.relative_to(ROOT)} : une docstring d'une ligne dit à quoi il sert"


def test_the_architecture_page_names_every_package():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for folder in (*RUNTIME_PACKAGES[1:], "tools/teacher", "tools/maintainer", "tests/public"):
        assert f"`{folder}/`" in page, folder

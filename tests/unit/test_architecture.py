"""The tree's boundaries hold: who may import whom (docs/architecture.md).

Static: the `import` statements of every module, read with ast, nothing run.
The export's own test (test_template.py) checks the same thing dynamically,
inside an export, on the newest Python only; this one runs everywhere.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

from tools.common.paths import ROOT, RUNTIME_PACKAGES, runtime_modules
from tools.teacher.template import FORBIDDEN

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
SUMMARY_LINES = 6  # a module docstring's first paragraph: what the module is for


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


def within(name: str, packages: tuple[str, ...], sep: str = ".") -> bool:
    return any(name == p or name.startswith(f"{p}{sep}") for p in packages)


def test_the_runtime_packages_are_folders_of_modules():
    assert RUNTIME_PACKAGES[0] == "tools"  # its __init__.py only: the subpackages are named
    for folder in RUNTIME_PACKAGES:
        assert (ROOT / folder / "__init__.py").is_file(), folder
    assert ROOT / "tools" / "grading" / "grader.py" in runtime_modules()
    assert ROOT / "tests" / "support" / "student.py" in runtime_modules()
    assert not any("teacher" in p.parts or "maintainer" in p.parts for p in runtime_modules())


def left_behind(tracked: Iterable[str]) -> list[str]:
    """The tracked files inside RUNTIME_PACKAGES that the export would not
    take: it ships each package's top-level *.py only (runtime_modules). A
    subfolder may only be a package that never ships (FORBIDDEN)."""
    left: list[str] = []
    for path in tracked:
        folder = path.rpartition("/")[0]
        if not within(folder, RUNTIME_PACKAGES, sep="/"):
            continue
        if folder in RUNTIME_PACKAGES and path.endswith(".py"):
            continue
        if folder not in RUNTIME_PACKAGES and within(folder, FORBIDDEN, sep="/"):
            continue  # tools/teacher, tools/maintainer: whatever they hold stays here
        left.append(path)
    return left


def test_left_behind_sees_data_files_and_subfolders():
    tracked = [
        "tools/__init__.py",
        "tools/grading/grader.py",
        "tools/grading/limits.toml",
        "tools/grading/engine/core.py",
        "tools/teacher/regrade.py",
        "tools/maintainer/data/margins.json",
        "tests/support/student.py",
        "tests/public/test_ex01.py",
        "README.md",
    ]
    assert left_behind(tracked) == ["tools/grading/limits.toml", "tools/grading/engine/core.py"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_runtime_packages_hold_only_top_level_modules():
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *RUNTIME_PACKAGES],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    left = left_behind(listed.stdout.split("\0")[:-1])
    assert not left, (
        f"{left} : l'export ne prend de {', '.join(RUNTIME_PACKAGES)} que les fichiers .py "
        "du premier niveau (runtime_modules, tools/common/paths.py) ; ceux-là ne partiraient "
        "pas chez les élèves. En faire un module, ou un paquet de RUNTIME_PACKAGES."
    )


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
    # A manual may follow (regrade.py's is long), after a summary a newcomer reads first.
    summary = docstring.split("\n\n")[0].splitlines()
    assert len(summary) <= SUMMARY_LINES, (
        f"{path.relative_to(ROOT)} : le premier paragraphe de la docstring fait {len(summary)} "
        f"lignes ; il dit en {SUMMARY_LINES} lignes au plus à quoi sert le module, le mode "
        "d'emploi vient après une ligne vide."
    )


def test_the_architecture_page_names_every_package():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for folder in (*RUNTIME_PACKAGES[1:], "tools/teacher", "tools/maintainer", "tests/public"):
        assert f"`{folder}/`" in page, folder

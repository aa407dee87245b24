"""The documentation names commands, files and functions that exist."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.common.paths import ROOT, STARTING_CODE
from tools.teacher.template import student_files

DOCS = [
    "README.md",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")),
    "template/README.md",
]
SESSION = re.compile(r"nox -s ([a-z0-9][\w.-]*[\w])")
LISTED = re.compile(r"^[*-] (\S+)", re.M)
# A path of the repository's code as the docs write it: tools/grading/grader.py,
# tests/public/. Placeholders (test_<id>.py, exNN_nom/, *.py) are not paths.
REPO_PATH = re.compile(r"(?<![\w./-])(?:tools|tests)/[^\s`'\"()«»,;:]*")
PLACEHOLDER = re.compile(r"[<>{}*…]|NN")
# A module the architecture page places a name in.
MODULE = re.compile(r"(?<![\w./-])(?:(?:tools|tests)/[\w/]+\.py|conftest\.py|noxfile\.py)")
# A name of code: `make_workspace`, `Snapshot`, `DUREES`, `Workspace.tampered`.
# A single lowercase word (`student`, `grade`) may be a fixture, a session or a
# group as well: left out. So are file names (`uv.lock`, `ci.yml`).
CODE_NAME = re.compile(r"[A-Za-z_]\w*|[A-Z]\w*\.[A-Za-z_]\w*")
BACKTICKED = re.compile(r"`([^`\n]+)`")


@pytest.fixture(scope="module")
def sessions() -> set[str]:
    pytest.importorskip("nox")
    # The text listing has every session; --json only the default ones.
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    names = set(LISTED.findall(listed.stdout))
    return names | {name.rsplit("-3.", 1)[0] for name in names}  # "tests" for "tests-3.12"


@pytest.mark.parametrize("doc", DOCS)
def test_every_session_the_docs_name_exists(doc, sessions):
    named = set(SESSION.findall((ROOT / doc).read_text(encoding="utf-8")))
    assert named, doc
    assert named <= sessions, f"{doc} cite des sessions inconnues : {sorted(named - sessions)}"


def test_the_guide_is_linked_from_the_readme():
    assert "docs/guide-enseignant.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def repo_paths(text: str) -> set[str]:
    """The tools/… and tests/… paths a page names, placeholders left out."""
    found = {match.rstrip(".") for match in REPO_PATH.findall(text)}
    return {path for path in found if not PLACEHOLDER.search(path)}


def test_repo_paths_finds_paths_and_skips_placeholders():
    text = (
        "le moteur `tools/grading/grader.py`, puis tests/public/. Un exercice : "
        "`tests/hidden/test_<id>.py`, `tests/mutants/exNN_nom/`, `tools/*.py` ; pas mytools/x.py."
    )
    assert repo_paths(text) == {"tools/grading/grader.py", "tests/public/"}


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_the_docs_name_exists(doc):
    named = repo_paths((ROOT / doc).read_text(encoding="utf-8"))
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"{doc} cite des fichiers qui n'existent pas : {missing}"


def names_in(path: Path) -> set[str]:
    """What `path` binds at its top level (definitions, assignments, imports),
    its classes' methods and fields as `Class.name`, and its string constants
    (an environment variable's name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(f"{node.name}.{member.name}")
                elif isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                    names.add(f"{node.name}.{member.target.id}")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    names |= {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return names


def misplaced_names(page: str, root: Path = ROOT) -> list[str]:
    """The code names of an architecture page that none of the modules next to
    them defines. "Next to" is the paragraph or list item (or, when it names no
    module, its section); a name placed once may be recalled later without its
    module."""
    placed: set[str] = set()
    misplaced: list[str] = []
    for section in re.split(r"\n(?=#)", page):
        blocks = re.split(r"\n\s*\n|\n(?=\d+\. |- )", section)
        section_modules = set(MODULE.findall(section))
        for block in blocks:
            modules = set(MODULE.findall(block)) or section_modules
            known = set().union(*(names_in(root / m) for m in modules if (root / m).is_file()))
            for name in BACKTICKED.findall(block):
                if not CODE_NAME.fullmatch(name) or (name == name.lower() and "_" not in name):
                    continue
                if name in known:
                    placed.add(name)
                elif name not in placed:
                    misplaced.append(f"{name} ({', '.join(sorted(modules)) or 'aucun module'})")
    return misplaced


def test_misplaced_names_sees_a_name_in_the_wrong_module():
    page = (
        "## Un push\n\n"
        "1. **Moteur** `tools/grading/grader.py` : `make_workspace`, `Workspace.tampered`.\n"
        "2. **Rapport** `tools/grading/report.py` : `markdown_summary`, `write_step_outputs`.\n"
        "3. Le jeton (`ResultsRecorder`) ; encore `make_workspace`, `student`, `uv.lock`.\n\n"
        "## Ailleurs\n\n`tools/teacher/sid_chroot.py` lit `ASYNCIO_EXERCICES_CHROOT`.\n"
    )
    assert misplaced_names(page) == [
        "write_step_outputs (tools/grading/report.py)",
        "ResultsRecorder (tools/grading/grader.py, tools/grading/report.py)",
        "ASYNCIO_EXERCICES_CHROOT (tools/teacher/sid_chroot.py)",  # not that folder
    ]


def test_the_architecture_page_places_each_name_in_its_module():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    misplaced = misplaced_names(page)
    assert not misplaced, (
        "docs/architecture.md cite des noms qu'aucun module à côté d'eux (même paragraphe, "
        f"ou même section s'il n'en cite aucun) ne définit : {misplaced}"
    )


# What the legacy-repository recipe (guide, option C) does not copy from the
# template export, and why: grading needs none of it.
LEFT = {
    "exercises": "the student's own code",
    "README.md": "the student's repository keeps its own",
    "cours": "the course text, read by the student, not by the grading",
    STARTING_CODE: "only `nox -s reset` reads it",
    ".devcontainer": "the editor's set-up",
    ".vscode": "the editor's set-up",
    ".gitignore": "the student's repository keeps its own",
}
LEGACY_COPY = re.compile(r'cp -R ((?:[^\n]|\\\n)*?)"/tmp/maj/\$repo/"')
OVERLAY_ITEMS = re.compile(r"for item in ([^;\n]+); do")


def legacy_recipe_problems(guide: str) -> list[str]:
    """What the guide's legacy-repository loop fails to copy, or copies wrongly."""
    (command,) = LEGACY_COPY.findall(guide)
    copied = set(re.findall(r"\.\./asyncio-eleve/(\S+)", command))
    exported = {name.split("/")[0] for name in student_files()}
    # What the hidden tests' overlay replaces is what the grading runs on.
    workflow = (ROOT / ".github/workflows/classroom.yml").read_text(encoding="utf-8")
    (overlay,) = OVERLAY_ITEMS.findall(workflow)
    problems = [f"pas dans le modèle : {name}" for name in sorted(copied - exported)]
    needed = (exported - set(LEFT)) | set(overlay.split())
    problems += [f"non copié : {name}" for name in sorted(needed - copied)]
    problems += [f"copié, mais laissé exprès : {name}" for name in sorted(copied & set(LEFT))]
    return problems


def test_the_legacy_recipe_copies_everything_the_grading_needs():
    """A legacy repository updated by the guide's loop must grade: the workflow
    runs `uv run --frozen` (uv.lock) and noxfile.py imports tools/."""
    guide = (ROOT / "docs/guide-enseignant.md").read_text(encoding="utf-8")
    assert legacy_recipe_problems(guide) == []


def test_the_legacy_recipe_check_sees_what_is_missing():
    old = (
        "cp -R ../asyncio-eleve/.github ../asyncio-eleve/tests ../asyncio-eleve/conftest.py \\\n"
        "      ../asyncio-eleve/noxfile.py ../asyncio-eleve/pyproject.toml \\\n"
        '      ../asyncio-eleve/manifest.toml ../asyncio-eleve/README.md "/tmp/maj/$repo/"'
    )
    assert legacy_recipe_problems(old) == [
        "non copié : LICENSE",
        "non copié : tools",
        "non copié : uv.lock",
        "copié, mais laissé exprès : README.md",
    ]

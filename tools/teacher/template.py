"""Export the student repository: `nox -s template -- DEST` runs this.

    python -m tools.teacher.template DEST [--force] [--no-git]

DEST receives a ready-to-push student repository: the stubs, the course, the
public tests and the support code they need, the grading workflow, the pytest
and nox configuration, the Codespaces and VS Code set-up, and the student
README (`template/README.md`, with the exercise table rendered from the
manifest). Then, if git is installed, DEST becomes a git repository with one
commit "Modèle élève" and no remote.

What is shipped is listed in `student_files`: named files and folders, so a
new file or folder at the top of the teacher's repository stays out until it
is added there. The code is shipped by folders, whole: the runtime packages
(`paths.RUNTIME_PACKAGES`: tools/common, tools/grading, tools/student and
tests/support, everything a pytest run imports) and tests/public. A module
added to one of them ships; one added to tools/teacher or tools/maintainer
never does (a unit test imports each shipped module inside an export, where
the teacher's and maintainer's packages are absent).

Before anything reaches DEST the export is written to a staging folder beside
it and checked (`find_problems`); if a check fails nothing is written and the
command stops with a French message that names each problem, then says what
to do about each file at fault (`how_to_fix`: restore it as last committed,
remove a file git does not track, reword a line…):
- no path under solutions/, tests/hidden/, tests/mutants/, tests/alternatives/,
  tests/unit/, tools/teacher/, tools/maintainer/, .ci/;
- no exported file identical to one of those folders' files;
- no line of a solution that is not also in its stub, in any exported text
  file (`find_leaks`, whose docstring states what a "line" is). In a git
  repository a stub changed since the last commit counts as committed
  (`public_stubs`): a solution tried in exercises/ does not become public.
Files exported as they are on disk but not as last committed (changed, or
not tracked by git) are listed after the export, with what to do.
"""

from __future__ import annotations

import argparse
import builtins
import hashlib
import io
import keyword
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.common import french
from tools.common.manifest import README_END, README_START, load_manifest, render_readme
from tools.common.paths import ROOT, STARTING_CODE, runtime_modules

# Single files copied as they are, from the repository root.
ROOT_FILES = (
    "manifest.toml", "conftest.py", "pyproject.toml", "uv.lock", "noxfile.py", ".gitignore",
    "LICENSE",  # MIT: the notice goes with every copy
)  # fmt: skip
# The editor's set-up, copied as it is: Codespaces (or VS Code's Dev Containers)
# creates the environment from the first, and VS Code's Testing panel finds
# the public tests with the second, on the student's laptop too.
EDITOR_FILES = (".devcontainer/devcontainer.json", ".vscode/settings.json")
# The only workflow of the student repository: it grades each push. The
# teacher's CI (ci.yml) and any other workflow stay out.
STUDENT_WORKFLOW = ".github/workflows/classroom.yml"
# Files that exist only in the student repository, copied over the rest
# (template/README.md replaces the teacher's README.md).
OVERLAY = "template"
# Never in an export, whatever the lists above say.
FORBIDDEN = (
    "solutions",
    "tests/hidden",
    "tests/mutants",
    "tests/alternatives",
    "tests/unit",
    "tools/teacher",  # they run or read the solutions, the hidden tests or the
    "tools/maintainer",  # mutants, or write the teacher's outputs
    ".ci",
)
COMMIT_MESSAGE = "Modèle élève"
GIT_BY_HAND = (
    f"Pour le créer toi-même, dans ce dossier : git init, git add --all, puis "
    f'git commit -m "{COMMIT_MESSAGE}".'
)
# Leftovers of tools and editors, never worth shipping.
JUNK_DIRS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"})
JUNK_SUFFIXES = (".pyc", ".pyo", "~", ".swp", ".orig", ".rej")
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


class ExportError(Exception):
    """The export was refused; the message (French) says why."""


# -- what is shipped ---------------------------------------------------------------


def _is_junk(path: Path) -> bool:
    return (
        any(part in JUNK_DIRS for part in path.parts)
        or path.name in JUNK_NAMES
        or path.name.endswith(JUNK_SUFFIXES)
    )


def _tree(root: Path, folder: str, pattern: str = "*") -> dict[str, Path]:
    base = root / folder
    if not base.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(base.rglob(pattern))
        if path.is_file() and not _is_junk(path.relative_to(root))
    }


def student_files(root: Path = ROOT) -> dict[str, Path]:
    """Every file of the export: its path in DEST (posix) -> its source."""
    files: dict[str, Path] = {}
    stubs = [p for p in sorted((root / "exercises").glob("*.py")) if p.is_file()]
    files.update({f"exercises/{p.name}": p for p in stubs})
    # A copy the student does not edit: `nox -s reset -- NN` puts it back.
    files.update({f"{STARTING_CODE}/{p.name}": p for p in stubs})
    files.update(_tree(root, "cours"))
    for name in (*ROOT_FILES, *EDITOR_FILES):
        if (root / name).is_file():
            files[name] = root / name
    if (root / STUDENT_WORKFLOW).is_file():
        files[STUDENT_WORKFLOW] = root / STUDENT_WORKFLOW
    if (root / "tests" / "__init__.py").is_file():
        files["tests/__init__.py"] = root / "tests" / "__init__.py"
    files.update(_tree(root, "tests/public"))
    files.update({p.relative_to(root).as_posix(): p for p in runtime_modules(root) if p.is_file()})
    overlay = _tree(root, OVERLAY)
    files.update({rel.removeprefix(f"{OVERLAY}/"): src for rel, src in overlay.items()})
    return files


def write_files(files: dict[str, Path], dest: Path, root: Path = ROOT) -> None:
    """Copy `files` into `dest`; the student README gets the exercise table."""
    for rel, source in files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel == "README.md" and README_START in source.read_text(encoding="utf-8"):
            text = render_readme(
                source.read_text(encoding="utf-8"), load_manifest(root / "manifest.toml")
            )
            # newline="" keeps the template's own line endings.
            with target.open("w", encoding="utf-8", newline="") as out:
                out.write(text)
        else:
            shutil.copyfile(source, target)


# -- the leak check ----------------------------------------------------------------

_SPACES = re.compile(r"\s+")
# The language's own vocabulary: a line made of these and punctuation only
# (`else:`, `return None`, `print(`, `except ValueError:`) shows no solution.
VOCABULARY = frozenset(keyword.kwlist) | {n for n in dir(builtins) if not n.startswith("_")}
_VOCABULARY = re.compile(r"\b(?:" + "|".join(sorted(VOCABULARY)) + r")\b")
# A `#` at the start or after a blank: a comment in Python, a heading in
# Markdown. Approximate on purpose (a `#` inside a string is cut too): it only
# adds forms to compare, so it can find more collisions, never fewer.
_COMMENT = re.compile(r"(?:^|\s)#(.*)$")
_INLINE_CODE = re.compile(r"`+([^`]+)`+")


def normalize(line: str) -> str:
    """A line as compared: stripped, every run of blanks made one space."""
    return _SPACES.sub(" ", line.strip())


def is_trivial(line: str) -> bool:
    """True for a line that says nothing: nothing left once the Python
    keywords, the builtin names and every character that is not a letter, a
    digit or `_` are removed (``, `)`, `],`, `else:`, `try:`, `pass`,
    `return None`, `print(`, `except ValueError:`, `\"\"\"`, `# ----`)."""
    return not re.sub(r"\W", "", _VOCABULARY.sub("", line))


def split_lines(text: str) -> list[str]:
    """Physical lines, split on \\n, \\r\\n or \\r only (as tokenize counts them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _comment_columns(lines: list[str]) -> dict[int, int] | None:
    """Line number -> column of its Python comment (tokenize, so a `#` inside
    a string is not one); None when the text is not valid Python."""
    comments: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines)).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.start[1]
    except (tokenize.TokenError, SyntaxError):
        return None
    return comments


def line_forms(text: str, *, python: bool, spans: bool) -> list[tuple[str, set[str]]]:
    """Each line of `text` with the normalized forms it is compared by: the
    whole line, its code (without the comment), its comment (without `#`),
    and with `spans` the text of each `inline code` span. Comments are found
    by tokenize in valid Python, else by `_COMMENT`. Trivial forms are dropped."""
    lines = split_lines(text)
    columns = _comment_columns(lines) if python else None
    result = []
    for number, line in enumerate(lines, start=1):
        candidates = [line]
        if columns is not None:
            if number in columns:
                column = columns[number]
                candidates += [line[:column], line[column:].lstrip("#")]
        else:
            found = _COMMENT.search(line)
            if found:
                candidates += [line[: found.start()], found[1].lstrip("#")]
        if spans:
            candidates += _INLINE_CODE.findall(line)
        forms = {normalize(c) for c in candidates}
        result.append((line, {f for f in forms if not is_trivial(f)}))
    return result


@dataclass(frozen=True)
class SolutionLine:
    solution: str  # the solution's path inside solutions/
    line: int
    text: str


@dataclass(frozen=True)
class Leak:
    file: str  # exported file, relative to the export
    line: int
    text: str
    form: str  # the normalized form found in both
    source: SolutionLine

    def describe(self) -> str:
        return (
            f"{self.file}, ligne {self.line} : « {self.text} » "
            f"(solutions/{self.source.solution}, ligne {self.source.line})"
        )


@dataclass(frozen=True)
class Accepted:
    """A collision looked at and kept: this exact line of this exported file
    may equal this line of that solution, for the reason given."""

    file: str
    solution: str
    form: str
    why: str

    def matches(self, leak: Leak) -> bool:
        return (leak.file, leak.source.solution, leak.form) == (self.file, self.solution, self.form)


# Every collision the export lets through, each one reviewed: an exported
# line (of a later exercise's stub, say) that equals a line of a solution
# missing from that solution's own stub, kept for the reason given. None is
# needed today: a stub that needs an earlier exercise's answer should be
# written so that it does not show it (ex08 starts from one download after
# the other, not from ex02's gather). A collision missing from this list
# refuses the export; an entry that no longer matches anything fails a unit
# test (tests/unit/test_template.py), so the list stays exact.
ACCEPTED: tuple[Accepted, ...] = ()


def solution_lines(solutions: Path, stubs: Path) -> dict[str, list[SolutionLine]]:
    """Normalized form -> where it is in the solutions, for every line of every
    solution that is not also in its stub (the stub with the same path under
    `stubs`; a solution without a stub has all its lines counted)."""
    secret: dict[str, list[SolutionLine]] = {}
    for solution in sorted(p for p in solutions.rglob("*") if p.is_file()):
        rel = solution.relative_to(solutions)
        if _is_junk(rel) or not _is_text(solution):
            continue
        python = solution.suffix == ".py"
        stub = stubs / rel
        known: set[str] = set()
        if stub.is_file() and _is_text(stub):
            stub_text = stub.read_text(encoding="utf-8")
            for _, forms in line_forms(stub_text, python=python, spans=True):
                known |= forms
        text = solution.read_text(encoding="utf-8")
        lines = line_forms(text, python=python, spans=False)
        for number, (line, forms) in enumerate(lines, start=1):
            for form in sorted(forms - known):
                where = SolutionLine(rel.as_posix(), number, line.strip())
                places = secret.setdefault(form, [])
                if all(p.solution != where.solution for p in places):
                    places.append(where)
    return secret


def _is_text(path: Path) -> bool:
    data = path.read_bytes()
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def find_leaks(export: Path, solutions: Path, stubs: Path) -> list[Leak]:
    """Every line of a text file of `export` that is a line of a solution
    missing from that solution's stub (one Leak per exported line and solution).

    What a "line" is: a physical line, stripped, every run of blanks made one
    space. A line is compared in several forms: whole, its code without its
    comment, and its comment without the `#` (comments found by tokenize in
    valid Python files, elsewhere from a `#` at the start or after a blank),
    so that a solution line cannot hide behind another comment, none, or in a
    comment; an exported line (and a stub's line) is also compared by the text
    of each of its `inline code` spans. A form is ignored when it is trivial:
    nothing is left once the Python keywords, the builtin names and the
    characters other than letters, digits and `_` are removed (`)`, `else:`,
    `try:`, `pass`, `return`, `return None`, `print(`, `except ValueError:`,
    `\"\"\"`, `# -----`). A solution line whose form is also a form of its own
    stub is public and never counts. Files that are not UTF-8 text, and the .git
    folder, are skipped.
    """
    secret = solution_lines(solutions, stubs)
    leaks: list[Leak] = []
    for path in sorted(export.rglob("*")):
        rel = path.relative_to(export)
        if not path.is_file() or rel.parts[0] in (".git", STARTING_CODE) or not _is_text(path):
            continue  # the starting code: copies of exercises/, checked there
        text = path.read_text(encoding="utf-8")
        lines = line_forms(text, python=path.suffix == ".py", spans=True)
        for number, (line, forms) in enumerate(lines, start=1):
            seen: set[str] = set()
            for form in sorted(forms & secret.keys()):
                for source in secret[form]:
                    if source.solution not in seen:
                        seen.add(source.solution)
                        leaks.append(Leak(rel.as_posix(), number, line.strip(), form, source))
    return leaks


def unaccepted(leaks: Iterable[Leak], accepted: Iterable[Accepted] | None = None) -> list[Leak]:
    """The leaks that no entry of `accepted` (default: ACCEPTED) lets through."""
    kept = list(ACCEPTED if accepted is None else accepted)
    return [leak for leak in leaks if not any(a.matches(leak) for a in kept)]


# -- the checks ----------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Problem:
    """One reason to refuse the export, and the exported path at fault."""

    text: str  # French
    path: str  # relative to the export (a file, or a folder)
    kind: str  # FOLDER, COPY or LINE


FOLDER, COPY, LINE = "dossier", "copie", "ligne"


def find_problems(
    export: Path,
    root: Path = ROOT,
    accepted: Sequence[Accepted] | None = None,
    stubs: Path | None = None,
) -> list[Problem]:
    """Every reason the folder `export` must not be given to students. The
    collisions of `accepted` (default: ACCEPTED) are let through; `stubs`
    holds the starting code whose lines are public (default: exercises/)."""
    problems: list[Problem] = []
    files = [p for p in sorted(export.rglob("*")) if p.is_file()]
    rels = [p.relative_to(export) for p in files if p.relative_to(export).parts[0] != ".git"]
    # The starting code kept for `nox -s reset`: each file the very copy of
    # the exported stub, whose lines are checked under exercises/.
    for rel in [r for r in rels if r.parts[0] == STARTING_CODE]:
        stub = export / "exercises" / rel.name
        if len(rel.parts) != 2 or not stub.is_file() or _digest(stub) != _digest(export / rel):
            text = f"{rel.as_posix()} n'est pas la copie d'un fichier de exercises/"
            problems.append(Problem(text, rel.as_posix(), COPY))
    rels = [r for r in rels if r.parts[0] != STARTING_CODE]
    for folder in FORBIDDEN:
        parts = Path(folder).parts
        inside = [r for r in rels if r.parts[: len(parts)] == parts]
        if inside or (export / folder).exists():
            text = f"le dossier {folder}/ est dans l'export ({len(inside)} fichier(s))"
            problems.append(Problem(text, folder, FOLDER))
    # A file of those folders copied elsewhere (a hidden test as a public one).
    # Files that say nothing (an empty __init__.py) match anything: skipped.
    private: dict[str, str] = {}
    for folder in FORBIDDEN:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if path.is_file() and not _is_junk(path.relative_to(root)) and _says_something(path):
                private.setdefault(_digest(path), path.relative_to(root).as_posix())
    for rel in rels:
        twin = private.get(_digest(export / rel))
        if twin:
            text = f"{rel.as_posix()} est une copie de {twin}"
            problems.append(Problem(text, rel.as_posix(), COPY))
    solutions = root / "solutions"
    if solutions.is_dir():
        leaks = find_leaks(export, solutions, stubs or root / "exercises")
        problems += [
            Problem(f"ligne de solution : {leak.describe()}", leak.file, LINE)
            for leak in unaccepted(leaks, accepted)
        ]
    return problems


def check_export(
    export: Path, root: Path = ROOT, accepted: Sequence[Accepted] | None = None
) -> list[str]:
    """Every reason the folder `export` must not be given to students (French);
    the collisions of `accepted` (default: ACCEPTED) are let through."""
    return [problem.text for problem in find_problems(export, root, accepted)]


def _says_something(path: Path) -> bool:
    if not _is_text(path):
        return path.stat().st_size > 0
    text = path.read_text(encoding="utf-8")
    return any(not is_trivial(normalize(line)) for line in split_lines(text))


# -- the teacher's working tree ------------------------------------------------------


@dataclass(frozen=True)
class WorkingTree:
    """What git says of the teacher's files (paths relative to the root, posix)."""

    untracked: frozenset[str]
    changed: frozenset[str]  # tracked, different from the last commit (staged or not)
    committed: dict[str, bytes]  # the last commit's version of each changed stub


def working_tree(root: Path) -> WorkingTree | None:
    """None when git is missing or `root` is not the top of a git working
    tree: then nothing is compared with a commit."""
    git = shutil.which("git")
    if git is None:
        return None

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [git, "-C", str(root), *args], env=_git_env(), stdin=subprocess.DEVNULL,
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip

    try:
        top = run("rev-parse", "--show-toplevel")
        if top.returncode != 0 or Path(os.fsdecode(top.stdout.strip())).resolve() != root.resolve():
            return None
        status = run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
        if status.returncode != 0:
            return None
        untracked: set[str] = set()
        changed: set[str] = set()
        for entry in os.fsdecode(status.stdout).split("\0"):
            if len(entry) > 3:
                (untracked if entry[:2] == "??" else changed).add(entry[3:])
        committed = {}
        for path in sorted(changed):
            if path.startswith("exercises/"):
                shown = run("show", f"HEAD:{path}")
                if shown.returncode == 0:
                    committed[path] = shown.stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return WorkingTree(frozenset(untracked), frozenset(changed), committed)


def public_stubs(root: Path, tree: WorkingTree | None, folder: Path) -> Path:
    """The starting code whose lines are public, written to `folder`: each
    stub as in the last commit when it was changed since. A stub edited to
    try the solution in exercises/ must not make that solution public."""
    folder.mkdir(parents=True, exist_ok=True)
    for stub in sorted((root / "exercises").glob("*.py")):
        rel = stub.relative_to(root).as_posix()
        data = tree.committed.get(rel) if tree is not None else None
        (folder / stub.name).write_bytes(data if data is not None else stub.read_bytes())
    return folder


def how_to_fix(
    problems: Sequence[Problem], files: dict[str, Path], root: Path, tree: WorkingTree | None
) -> list[str]:
    """What to do about each file at fault, in French, in the order of their paths."""
    advice: list[str] = []
    done: set[str] = set()
    for problem in sorted(problems, key=lambda problem: problem.path):
        if problem.path in done:
            continue
        done.add(problem.path)
        source = files.get(problem.path)
        if problem.kind == FOLDER or source is None:
            advice.append(
                f"{problem.path}/ ne va jamais aux élèves : retire-le de ce qui est exporté "
                f"(s'il vient de {OVERLAY}/, supprime {OVERLAY}/{problem.path}/)."
            )
            continue
        try:
            src = source.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            src = source.as_posix()
        if tree is not None and src in tree.untracked:
            advice.append(
                f"{src} n'est pas suivi par git (un brouillon ?) : supprime-le ou déplace-le "
                "hors du dépôt ; s'il doit aller aux élèves, retire-en la solution et ajoute-le "
                f"(git add {src})."
            )
        elif tree is not None and src in tree.changed:
            advice.append(
                f"{src} a changé depuis le dernier commit : si tu y as essayé la solution, "
                f"remets-le comme au dernier commit (git restore {src} ; git stash pour garder "
                "ton essai de côté) ; si le changement est voulu, retire-en ce qui vient de la "
                "solution, commite-le, et vérifie avec nox -s check."
            )
        elif problem.kind == COPY:
            advice.append(f"{src} ne doit pas aller aux élèves : retire-le (git rm {src}).")
        else:
            advice.append(
                f"{src} : retire ou reformule la ligne signalée ; si elle doit vraiment y être, "
                "ajoute-la à ACCEPTED dans tools/teacher/template.py, avec la raison."
            )
    return advice


# -- DEST and git ------------------------------------------------------------------


def remove_tree(path: Path) -> None:
    """shutil.rmtree that also removes read-only files (git's objects on Windows)."""

    def retry(function: Callable[[str], object], target: str, _exc: Any) -> None:
        os.chmod(target, stat.S_IWRITE)
        function(target)

    if not path.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)


def _looks_like_export(dest: Path) -> bool:
    return (dest / "manifest.toml").is_file() and (dest / "exercises").is_dir()


def prepare_destination(dest: Path, *, force: bool, root: Path = ROOT) -> None:
    """Refuse a destination that would lose work; with force, remove an old export."""
    dest = dest.resolve()
    root = root.resolve()
    if dest == root or dest in root.parents or root in dest.parents:
        raise ExportError(
            f"{dest} : choisis un dossier en dehors du dépôt de l'enseignant ({root})."
        )
    home = Path.home().resolve()
    if dest == home or dest in home.parents or dest == Path(dest.anchor):
        raise ExportError(
            f"{dest} : ce dossier ne peut pas recevoir l'export. Donne un dossier à créer, "
            "par exemple ../asyncio-eleve."
        )
    if dest.exists() and not dest.is_dir():
        raise ExportError(
            f"{dest} existe et n'est pas un dossier : donne un autre nom, par exemple "
            "../asyncio-eleve."
        )
    if dest.is_dir() and any(dest.iterdir()):
        if not force:
            raise ExportError(
                f"{dest} existe et n'est pas vide. Choisis un autre dossier, ou ajoute "
                "--force pour remplacer un export précédent."
            )
        if not _looks_like_export(dest):
            raise ExportError(
                f"{dest} n'est pas vide et ne ressemble pas à un export précédent "
                "(pas de manifest.toml ni de exercises/) : il n'est pas effacé, même avec "
                "--force. Donne un dossier qui n'existe pas encore (il sera créé), ou vide "
                "celui-ci toi-même si rien n'y est à garder."
            )


def _git_env() -> dict[str, str]:
    # Inside a git hook these point at the teacher's repository: the commit
    # would land there.
    redirecting = {
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
    }  # fmt: skip
    return {k: v for k, v in os.environ.items() if k not in redirecting}


def git_commit(dest: Path) -> str | None:
    """`git init` + one commit in dest. Returns None on success, else why not
    (French); a half-made repository is removed, the files stay."""
    git = shutil.which("git")
    if git is None:
        return "git est introuvable : le dossier est prêt, sans dépôt git."
    env = _git_env()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [git, *args], cwd=dest, env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    # Signing that needs a passphrase or a missing identity make the commit
    # fail; the retry commits unsigned, as a neutral author if none is set.
    def fallback() -> tuple[str, ...]:
        options: tuple[str, ...] = ("-c", "commit.gpgsign=false")
        if not run("config", "user.email").stdout.strip():
            options += ("-c", "user.name=Enseignant", "-c", "user.email=enseignant@example.invalid")
        return options

    try:
        steps = [
            run("init", "-q"),
            # GitHub's default branch; `init -b` needs git 2.28.
            run("symbolic-ref", "HEAD", "refs/heads/main"),
            run("add", "--all"),
        ]
        failed = next((s for s in steps if s.returncode != 0), None)
        if failed is None:
            commit = ("commit", "-q", "--no-verify", "-m", COMMIT_MESSAGE)
            done = run(*commit)
            if done.returncode != 0:
                done = run(*fallback(), *commit)
            failed = done if done.returncode != 0 else None
    except (OSError, subprocess.SubprocessError) as exc:
        remove_tree(dest / ".git")
        return f"git a échoué ({exc}) : le dossier est prêt, sans dépôt git. {GIT_BY_HAND}"
    if failed is not None:
        remove_tree(dest / ".git")
        why = (failed.stderr or failed.stdout).strip().splitlines()
        step = next(a for a in failed.args[1:] if not a.startswith("-") and "=" not in a)
        return (
            f"git {step} a échoué ({why[-1] if why else failed.returncode}) : "
            f"le dossier est prêt, sans dépôt git. {GIT_BY_HAND}"
        )
    return None


# -- the whole export ----------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    dest: Path
    files: list[str]
    git_note: str | None  # why there is no git repository, or None if there is one
    accepted: list[Leak]  # collisions let through by ACCEPTED
    # Exported as they are on disk, not as last committed: "path (why)".
    uncommitted: list[str] = field(default_factory=list)


def export(
    dest: Path,
    *,
    force: bool = False,
    git: bool = True,
    root: Path = ROOT,
    accepted: Sequence[Accepted] | None = None,
) -> Export:
    """Write the student repository to dest; raise ExportError if refused.
    `accepted`: the collisions let through (default: ACCEPTED)."""
    accepted = ACCEPTED if accepted is None else accepted
    dest = Path(os.path.abspath(dest))
    prepare_destination(dest, force=force, root=root)
    files = student_files(root)
    for required in ("manifest.toml", "conftest.py", "pyproject.toml", "README.md"):
        if required not in files:
            source = f"{OVERLAY}/README.md" if required == "README.md" else required
            raise ExportError(
                f"{source} manque : l'export serait incomplet. Remets-le (git restore "
                f"{source}), puis relance."
            )
    readme = files["README.md"].read_text(encoding="utf-8")
    if README_START not in readme or README_END not in readme:
        raise ExportError(
            f"{OVERLAY}/README.md : les marqueurs du tableau des exercices manquent. Remets "
            f"les lignes {README_START} et {README_END} autour du tableau (git diff "
            f"{OVERLAY}/README.md montre ce qui a changé), puis relance."
        )
    tree = working_tree(root)
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside dest (same file system: one rename), checked, then moved:
    # a refused export leaves nothing behind.
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        write_files(files, staging, root)
        with tempfile.TemporaryDirectory(prefix="enonces-") as stubs:
            stubs_path = public_stubs(root, tree, Path(stubs))
            problems = find_problems(staging, root, accepted, stubs_path)
            let_through: list[Leak] = []
            if (root / "solutions").is_dir():
                leaks = find_leaks(staging, root / "solutions", stubs_path)
                let_through = [leak for leak in leaks if any(a.matches(leak) for a in accepted)]
        if problems:
            raise ExportError(
                "export refusé, le modèle élève contiendrait :\n"
                + "\n".join(f"  - {p.text}" for p in problems)
                + "\nPour corriger, puis relancer l'export :\n"
                + "\n".join(f"  - {line}" for line in how_to_fix(problems, files, root, tree))
            )
        if dest.exists():
            remove_tree(dest)
        os.replace(staging, dest)
    finally:
        if staging.exists():
            remove_tree(staging)
    note = git_commit(dest) if git else "dépôt git non créé (--no-git)."
    uncommitted: list[str] = []
    if tree is not None:
        for path in files.values():
            try:
                src = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
            if src in tree.changed:
                uncommitted.append(f"{src} (modifié)")
            elif src in tree.untracked:
                uncommitted.append(f"{src} (non suivi par git)")
    # A stub is exported twice (exercises/ and the starting code): named once.
    return Export(dest, sorted(files), note, let_through, sorted(set(uncommitted)))


def summary(result: Export, root: Path = ROOT) -> str:
    exercises = load_manifest(root / "manifest.toml")
    lines = [
        f"Modèle élève écrit dans {result.dest} : {len(result.files)} fichiers, "
        f"{len(exercises)} exercices, {sum(ex.points for ex in exercises)} points.",
        "Vérifié : ni solutions/, ni tests cachés, ni mutants, ni ligne de solution"
        + (
            " hors celles-ci, revues et acceptées (ACCEPTED, tools/teacher/template.py) :"
            if result.accepted
            else "."
        ),
    ]
    if result.accepted:
        lines += [f"  - {leak.describe()}" for leak in result.accepted]
    if result.uncommitted:
        lines.append(
            "Attention, exporté(s) tel(s) qu'ils sont sur le disque, pas comme au dernier commit :"
        )
        lines += [f"  - {name}" for name in result.uncommitted]
        lines.append(
            "Si c'est bien ce qu'il faut distribuer, commite-les (pour pouvoir refaire ce "
            "modèle) ; sinon remets les fichiers modifiés comme au dernier commit (git restore "
            "FICHIER), supprime ceux que git ne suit pas, et relance l'export avec --force."
        )
    if result.git_note is None:
        lines.append(
            f"Dépôt git créé (branche main, un commit « {COMMIT_MESSAGE} », sans remote). "
            "Pour le publier : git remote add origin <url> puis git push -u origin main."
        )
    else:
        lines.append(result.git_note)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    french.tolerant_console()
    parser = argparse.ArgumentParser(
        prog="nox -s template --",
        description="Écrit le dépôt modèle des élèves (sans solutions ni tests cachés).",
    )
    parser.add_argument("dest", type=Path, metavar="DOSSIER", help="dossier à créer")
    parser.add_argument(
        "--force",
        action="store_true",
        help="remplace un export précédent dans DOSSIER (son dépôt git compris)",
    )
    parser.add_argument(
        "--no-git", dest="git", action="store_false", help="ne crée pas de dépôt git"
    )
    args = parser.parse_args(argv)
    try:
        # ROOT read now, not bound as a default: tests point it elsewhere.
        result = export(args.dest, force=args.force, git=args.git, root=ROOT)
    except ExportError as exc:
        print(f"Export impossible : {exc}", file=sys.stderr)
        return 1
    print(summary(result, root=ROOT))
    return 0


def shipped_modules(files: Iterable[str]) -> list[str]:
    """The support modules of an export, as importable names."""
    return sorted(
        rel.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        for rel in files
        if rel.startswith(("tools/", "tests/support/")) and rel.endswith(".py")
    )


if __name__ == "__main__":
    sys.exit(main())

"""What failed in a `nox -s check`, printed again at its very end.

A CI service often keeps only the end of a long log: when one of the
self-checks failed early in a 17-minute check, its problems scrolled out of
what was kept, and the run said only « selfcheck-3.12 : en échec ». Each
self-check therefore leaves its failures in RECAP_FOLDER (its unit tests'
JUnit XML, which pytest writes itself, and the self-check's problems), the
chroot's self-checks too (the repository is mounted at the same path there),
and `check` prints them last (`show`). `check` empties the folder first, so
only this check's failures are shown.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Sequence
from pathlib import Path

from tools.common.paths import ROOT

RECAP_FOLDER = ROOT / ".nox" / ".recap"
UNIT_TESTS = ".unitaires.xml"  # after the session's name: pytest's JUnit XML
PROBLEMS = ".problemes.json"  # after the session's name: the self-check's problems
LINES_PER_FAILURE = 12  # of a failing unit test's message, or of a problem


def unit_tests_file(session: str) -> Path:
    """Where pytest writes the unit tests' JUnit XML (`--junitxml`) for `session`."""
    return RECAP_FOLDER / f"{session}{UNIT_TESTS}"


def problems_file(session: str) -> Path:
    """Where `python -m tools.maintainer.selfcheck --recap` writes its problems."""
    return RECAP_FOLDER / f"{session}{PROBLEMS}"


def clear() -> None:
    """Forget the failures of an earlier check."""
    RECAP_FOLDER.mkdir(parents=True, exist_ok=True)
    for path in RECAP_FOLDER.iterdir():
        path.unlink()


def write_problems(path: Path, problems: Sequence[str]) -> None:
    """The self-check's problems (none: the file is removed)."""
    if not problems:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON: a problem may hold blank lines (a pytest log quoted in it).
    path.write_text(json.dumps(list(problems), ensure_ascii=False, indent=1), encoding="utf-8")


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def cut(text: str) -> list[str]:
    lines = text.strip().splitlines()
    if len(lines) > LINES_PER_FAILURE:
        lines = [*lines[:LINES_PER_FAILURE], f"[… {len(lines) - LINES_PER_FAILURE} ligne(s)]"]
    return lines


def unit_test_failures(path: Path) -> list[str]:
    """Each failing or erroring test case of a JUnit XML file: its name, then
    what pytest said (`show` keeps the first lines)."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        return [f"{path.name} illisible : {error}"]
    failures = []
    for case in root.iter("testcase"):
        for outcome in ("failure", "error"):
            found = case.find(outcome)
            if found is None:
                continue
            name = f"{case.get('classname', '')}::{case.get('name', '')}"
            said = found.text or found.get("message") or ""
            lines = ["  " + x for x in said.strip().splitlines()]
            failures.append("\n".join([f"{outcome} : {name}", *lines]))
    return failures


def problems_in(path: Path) -> list[str]:
    """The problems `write_problems` left in `path`."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"{path.name} illisible : {error}"]
    return [str(problem) for problem in found] if isinstance(found, list) else []


def show(say: Callable[[str], object] = print) -> bool:
    """Print every failure left in RECAP_FOLDER; False when there were some."""
    found = sorted(RECAP_FOLDER.glob("*")) if RECAP_FOLDER.is_dir() else []
    failures: list[tuple[str, list[str]]] = []
    for path in found:
        if path.name.endswith(UNIT_TESTS):
            session = path.name.removesuffix(UNIT_TESTS)
            listed = unit_test_failures(path)
            what = "tests unitaires"
        elif path.name.endswith(PROBLEMS):
            session = path.name.removesuffix(PROBLEMS)
            listed = problems_in(path)
            what = "auto-vérification"
        else:
            continue
        if any(x.strip() for x in listed):
            failures.append((f"{session}, {what}", [x for x in listed if x.strip()]))
    if not failures:
        say(
            "Récapitulatif : les tests unitaires et les auto-vérifications n'ont laissé aucun "
            f"échec dans {shown(RECAP_FOLDER)}."
        )
        return True
    say("Récapitulatif des échecs de cette vérification (ils sont aussi plus haut, à leur place) :")
    for title, listed in failures:
        say(f"- {title} : {len(listed)} échec(s)")
        for failure in listed:
            say("\n".join("    " + line for line in cut(failure)))
    return False

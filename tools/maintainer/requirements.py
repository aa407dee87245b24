"""The promises of each statement (requirements), from the manifest to the
stub's docstring and to the hidden tests that check them.

- `manifest.toml` holds them: per exercise, `requirements` (E1, E2…, its own
  promises) and `common` (the ids of the course's rules it keeps, C1…, from
  `[common_requirements]`).
- The stub's docstring shows them to the student, in its section
  « Ce qui est vérifié », rendered from the manifest by `render_section`;
  `statement_drift` tells when the two differ, and
  `python -m tools.maintainer.requirements` rewrites the sections.
- Each hidden test names what it checks with `@pytest.mark.exigence("E2")`;
  every hidden test also checks the course's rules its exercise keeps (the
  `student` fixture does, tests/support/course_rules.py).
- Each wrong answer in tests/mutants/ names the promise it breaks with a
  docstring line `Exigence : E2`. `traceability` crosses the three and says
  what is missing; the self-check prints its table and fails on any gap.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.common.manifest import Exercise, Requirement, load_manifest

SECTION_TITLE = "Ce qui est vérifié"
SECTION_INTRO = "(chaque point est contrôlé par au moins un test caché)"
NEXT_SECTION = "À relire dans le cours"
WIDTH = 76
MARKER = "exigence"
_ITEM = re.compile(r"^\s{4}([EC][1-9]\d*)\.\s+(.*)$")
_DECLARED = re.compile(r"^\s*Exigences?\s*:(.*)$", re.MULTILINE)


def render_section(exercise: Exercise) -> str:
    """The docstring section that lists the exercise's requirements."""
    lines = [f"{SECTION_TITLE} {SECTION_INTRO}"]
    for requirement in exercise.requirements:
        lines += textwrap.wrap(
            requirement.text,
            WIDTH,
            initial_indent=f"    {requirement.id}. ",
            subsequent_indent="        ",
            break_on_hyphens=False,
        )
    return "\n".join(lines)


def _docstring_bounds(source: str) -> tuple[int, int] | None:
    """Character offsets of the module docstring's text inside `source`."""
    start = source.find('"""')
    if start != 0:
        return None
    end = source.find('"""', 3)
    return (3, end) if end > 0 else None


def section_lines(docstring: str) -> list[str] | None:
    """The lines of the « Ce qui est vérifié » section, title included."""
    lines = docstring.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(SECTION_TITLE)]
    if not starts:
        return None
    start = starts[0]
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(" ")):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def shown_requirements(docstring: str) -> dict[str, str] | None:
    """{id: sentence} as the statement shows them; None without the section."""
    lines = section_lines(docstring)
    if lines is None:
        return None
    shown: dict[str, str] = {}
    current = None
    for line in lines[1:]:
        item = _ITEM.match(line)
        if item:
            current = item.group(1)
            shown[current] = item.group(2).strip()
        elif current is not None and line.strip():
            shown[current] += " " + line.strip()
    return shown


def statement_drift(exercise: Exercise, stub: Path) -> list[str]:
    """What differs between the manifest's requirements and the stub's section."""
    try:
        docstring = ast.get_docstring(ast.parse(stub.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError) as error:
        return [f"{stub.name} illisible : {error}"]
    shown = shown_requirements(docstring)
    if shown is None:
        return [f"{stub.name} n'a pas de section « {SECTION_TITLE} »"]
    wanted = {r.id: r.text for r in exercise.requirements}
    problems = [f"{i} manque dans l'énoncé" for i in wanted if i not in shown]
    problems += [
        f"{i} est dans l'énoncé mais pas dans manifest.toml" for i in shown if i not in wanted
    ]
    problems += [
        f"{i} diffère : énoncé « {shown[i]} », manifest.toml « {text} »"
        for i, text in wanted.items()
        if i in shown and shown[i] != text
    ]
    if not problems and list(shown) != list(wanted):
        problems.append(f"ordre différent : énoncé {list(shown)}, manifest.toml {list(wanted)}")
    return problems


def rewrite_statement(exercise: Exercise, source: str) -> str:
    """`source` with its « Ce qui est vérifié » section rendered afresh
    (inserted before « À relire dans le cours » the first time)."""
    bounds = _docstring_bounds(source)
    if bounds is None:
        raise ValueError(f"{exercise.file_name} : pas de docstring en tête de fichier")
    begin, end = bounds
    docstring = source[begin:end]
    lines = docstring.split("\n")
    section = render_section(exercise).split("\n")
    old = section_lines(docstring)
    if old is not None:
        start = lines.index(old[0])
        lines[start : start + len(old)] = section
    else:
        where = next((i for i, line in enumerate(lines) if line.startswith(NEXT_SECTION)), None)
        if where is None:
            raise ValueError(f"{exercise.file_name} : section « {NEXT_SECTION} » introuvable")
        lines[where:where] = [*section, ""]
    return source[:begin] + "\n".join(lines) + source[end:]


def declared_requirements(source: str) -> tuple[str, ...]:
    """The ids on a wrong answer's docstring line `Exigence : E2, C1`."""
    try:
        docstring = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        found = _DECLARED.search(source)  # a mutant may be a syntax error on purpose
        docstring = found.group(0) if found else ""
    found = _DECLARED.search(docstring)
    if found is None:
        return ()
    return tuple(i for i in re.split(r"[\s,;]+", found.group(1).strip()) if i)


@dataclass
class Row:
    """One line of the traceability table."""

    requirement: Requirement
    tests: list[str] = field(default_factory=list)
    mutants: list[str] = field(default_factory=list)  # those caught by one of `tests`


@dataclass
class Traceability:
    exercise: Exercise
    rows: list[Row]
    problems: list[str]


def traceability(
    exercise: Exercise,
    hidden_tests: Mapping[str, Sequence[str]],
    mutants: Mapping[str, tuple[Sequence[str], Iterable[str]]],
) -> Traceability:
    """Cross the exercise's requirements with its hidden tests and mutants.

    `hidden_tests`: test name -> the requirement ids its marker names.
    `mutants`: mutant name -> (requirement ids it declares, hidden tests it fails).
    The course's rules the exercise keeps are checked by every hidden test."""
    known = {r.id for r in exercise.requirements}
    common = set(exercise.common_rules)
    problems: list[str] = []
    for test, ids in sorted(hidden_tests.items()):
        if not ids:
            problems.append(
                f'le test caché {test} ne nomme aucune exigence (@pytest.mark.{MARKER}("E1"…))'
            )
        problems += [
            f"le test caché {test} nomme {i}, qui n'est pas une exigence de l'exercice"
            for i in ids
            if i not in known
        ]
    rows = []
    for requirement in exercise.requirements:
        tests = sorted(
            t
            for t, ids in hidden_tests.items()
            if requirement.id in ids or requirement.id in common
        )
        caught = sorted(
            name
            for name, (declared, failed) in mutants.items()
            if requirement.id in declared and set(failed) & set(tests)
        )
        rows.append(Row(requirement, tests, caught))
        if not tests:
            problems.append(f"{requirement.id} n'est vérifiée par aucun test caché")
        if not caught:
            problems.append(
                f"{requirement.id} n'a aucun mutant (ligne « Exigence : {requirement.id} ») "
                "qu'un de ses tests fasse échouer"
            )
    for name, (declared, _) in sorted(mutants.items()):
        if not declared:
            problems.append(
                f"le mutant {name} ne dit pas quelle exigence il enfreint (ligne « Exigence : E1 »)"
            )
        problems += [
            f"le mutant {name} nomme {i}, qui n'est pas une exigence de l'exercice"
            for i in declared
            if i not in known
        ]
    return Traceability(exercise, rows, problems)


def table(results: Sequence[Traceability], *, detail: bool = False) -> str:
    """The traceability table, one line per requirement; with `detail`, each
    line followed by the names of its hidden tests and of its caught mutants."""
    lines = ["exercice  exigence  tests cachés  mutants  phrase"]
    for result in results:
        for row in result.rows:
            flag = "" if row.tests and row.mutants else "  <- manque"
            lines.append(
                f"{result.exercise.number:<9} {row.requirement.id:<9} {len(row.tests):>12}"
                f"  {len(row.mutants):>7}  {row.requirement.text[:60]}{flag}"
            )
            if detail:
                lines.append(f"{'':<20}tests   : {', '.join(row.tests) or 'aucun'}")
                lines.append(f"{'':<20}mutants : {', '.join(row.mutants) or 'aucun'}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the « Ce qui est vérifié » section of every stub from the manifest."""
    from tools.common.paths import TREES

    del argv
    for exercise in load_manifest():
        stub = TREES["exercises"] / exercise.file_name
        if not exercise.requirements:
            continue
        before = stub.read_text(encoding="utf-8")
        after = rewrite_statement(exercise, before)
        if after != before:
            stub.write_text(after, encoding="utf-8")
            print(f"{stub.name} : section « {SECTION_TITLE} » réécrite depuis manifest.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""French numbers: the helper, and no float formatted for people anywhere else.

The static check reads the code people's messages come from (the harness,
the public and hidden tests, conftest.py, noxfile.py, and the stubs' and
solutions' demonstrations) and fails on a float format (`:.2f`, `:g`, `:e`,
`:.0%`, `%.1f`, `"{:.3f}".format`, `format(x, "g")`) that does not go through
tools/common/french.py. A float written without a format (`f"{x} s"`) is
out of its reach: the self-check's look at every failure message catches
those (tools/maintainer/selfcheck.py, `english_decimals`).
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass

import pytest

from tools.common import french
from tools.common.manifest import exercise_by_id
from tools.common.paths import ROOT
from tools.grading.results import CaseResult
from tools.maintainer.selfcheck import Mutant, Verdicts, check_exercise, english_decimals

# Where people read numbers: every module of these folders, and these files.
SCANNED_FOLDERS = (
    "tools",  # every package below it
    "tests/support",
    "tests/public",
    "tests/hidden",
    "exercises",
    "solutions",
)
SCANNED_FILES = ("conftest.py", "noxfile.py")
HELPER = "tools/common/french.py"

# Float formats that are not for people to read as a number, with the reason.
# Key: (file, enclosing function, field), the field as `expression:spec`
# (f-string, str.format) or the %-directive.
ALLOWED = {
    ("tools/maintainer/hostile.py", "grade_copy", "budget:g"): (
        "the grader's --budget argument: argparse parses Python's float"
    ),
    ("tools/maintainer/hostile.py", "main", "BUDGET:g"): (
        "--budget's default in its --help: the value as it must be typed"
    ),
    ("tools/maintainer/hostile.py", "main", "args.budget:g"): (
        "the grader's command line, as it was run (--budget 10)"
    ),
    ("tests/support/premiere_coroutine.py", "describe_saluer", "a:g"): (
        "the Appel line shows the call as Python code, saluer('Ada', 0.05): "
        "a comma would read as a third argument"
    ),
    ("tests/hidden/test_ex11_supervision.py", "Scenario.call", "self.delai:g"): (
        "the Appel line shows the call as Python code, executer_groupe(…, 0.05, nettoyer)"
    ),
}

# Presentation types that write a float: fixed, general, exponent, percent,
# and the locale's number (no French locale is set).
FLOAT_TYPES = frozenset("eEfFgGn%")
_SPEC_TYPE = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?\d*[_,]?(?:\.\d+)?(?P<type>[a-zA-Z%]?)")
_PERCENT_DIRECTIVE = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    function: str  # qualified name of the enclosing function ("" at module level)
    field: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.function, self.field)

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.function or 'module'}) : {{{self.field}}}"


def is_float_spec(spec: str) -> bool:
    """Whether a format spec (nested fields already replaced) writes a float."""
    found = _SPEC_TYPE.fullmatch(spec)
    return found is not None and found["type"] in FLOAT_TYPES


def _spec_text(node: ast.expr | None) -> str:
    """The spec of an f-string field, nested fields (`{digits}`) read as 9."""
    if node is None:
        return ""
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "9" for part in node.values
        )
    return ""


def _template_fields(template: str) -> list[tuple[str, str]]:
    """(field, spec) of a str.format template; [] if it is not one."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return []
    return [
        (name or "", re.sub(r"\{[^{}]*\}", "9", spec or ""))
        for _, name, spec, _ in parsed
        if name is not None
    ]


def _is_comma_replace(call: ast.AST | None) -> bool:
    """`<...>.replace(".", ",")`: the stubs' own French numbers."""
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "replace"
        and [a.value for a in call.args if isinstance(a, ast.Constant)] == [".", ","]
    )


def float_formats(source: str, file: str) -> list[Finding]:
    """Every float format of `source` that is not turned French on the spot."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    # Module-level string constants, for `TEMPLATE.format(...)`.
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def function(node: ast.AST) -> str:
        names = []
        while (node := parents.get(node)) is not None:  # type: ignore[assignment]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.append(node.name)
        return ".".join(reversed(names))

    def finding(node: ast.AST, field: str) -> Finding:
        return Finding(file, getattr(node, "lineno", 0), function(node), field)

    def made_french(node: ast.AST) -> bool:
        """`node.replace(".", ",")`"""
        attribute = parents.get(node)
        return isinstance(attribute, ast.Attribute) and _is_comma_replace(parents.get(attribute))

    found: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and not made_french(node):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    spec = _spec_text(part.format_spec)
                    if is_float_spec(spec):
                        field = f"{ast.unparse(part.value)}:{spec}"
                        found.append(finding(node, field))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            template = None
            if node.func.attr == "format" and isinstance(receiver, ast.Constant):
                template = receiver.value
            elif node.func.attr == "format" and isinstance(receiver, ast.Name):
                template = constants.get(receiver.id)
            if isinstance(template, str) and not made_french(node):
                found += [
                    finding(node, f"{name}:{spec}")
                    for name, spec in _template_fields(template)
                    if is_float_spec(spec)
                ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "format" and len(node.args) == 2:
                spec_node = node.args[1]
                if (
                    isinstance(spec_node, ast.Constant)
                    and isinstance(spec_node.value, str)
                    and is_float_spec(spec_node.value)
                    and not made_french(node)
                ):
                    field = f"{ast.unparse(node.args[0])}:{spec_node.value}"
                    found.append(finding(node, field))
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and not made_french(node)
        ):
            found += [
                finding(node, directive[0])
                for directive in _PERCENT_DIRECTIVE.finditer(node.left.value)
                if directive["type"] in "eEfFgG"
            ]
    return sorted(found, key=lambda f: f.line)


def scanned_files() -> list[str]:
    files = [f for f in SCANNED_FILES if (ROOT / f).is_file()]
    for folder in SCANNED_FOLDERS:
        files += [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / folder).rglob("*.py"))]
    return [f for f in files if f != HELPER]


def test_the_helper_writes_french_numbers():
    assert french.decimal(0.0481, 3) == "0,048"
    assert french.decimal(16.72, 1) == "16,7"
    assert french.decimal(3.6, 0) == "4"
    assert french.decimal(-0.04, 1) == "0,0"  # never "-0,0"
    assert french.decimal(-1.25, 2) == "-1,25"
    assert french.decimal(float("inf"), 1) == "∞"
    assert french.number(1.5) == "1,5"
    assert french.number(30.0) == "30"
    assert french.number(30) == "30"
    assert french.number(0.05) == "0,05"
    assert french.number(1e-7) == "1e-07"
    assert french.number(float("-inf")) == "-∞"
    assert french.percent(0.5) == "50 %"
    assert french.percent(0.125, 1) == "12,5 %"


@pytest.mark.parametrize(
    ("code", "fields"),
    [
        ('f"{x:.2f} s"', ["x:.2f"]),
        ('f"{x:g}"', ["x:g"]),
        ('f"{x:8.3f}s {y:>8} {z:d}"', ["x:8.3f"]),
        ('f"{x:.{n}f}"', ["x:.9f"]),
        ('f"{x:{w}.1e}"', ["x:9.1e"]),
        ('f"{r:.0%}"', ["r:.0%"]),
        ('f"{x:,.1f} {y:<{w}}"', ["x:,.1f"]),
        ('"au bout de {limit:.1f} s".format(limit=x)', ["limit:.1f"]),
        ('"{:g}".format(x)', [":g"]),
        ('T = "{a:.3f} {b}"\nT.format(a=1, b=2)', ["a:.3f"]),
        ('"%.1f s" % x', ["%.1f"]),
        ('"%(d)5.2f %s %%" % x', ["%(d)5.2f"]),
        ('format(x, ".2f")', ["x:.2f"]),
        # Not floats, or made French on the spot.
        ('f"{n} {n:d} {n:03d} {name!r:<10} {x:>8}"', []),
        ('f"{x:.2f}".replace(".", ",")', []),
        ('"%d tests, %s" % (n, s)', []),
        ('f"{french.decimal(x, 2)} s"', []),
    ],
)
def test_float_formats_are_found(code, fields):
    assert [f.field for f in float_formats(code, "x.py")] == fields


def test_no_float_is_formatted_for_people_outside_the_helper():
    found = [
        finding
        for file in scanned_files()
        for finding in float_formats((ROOT / file).read_text(encoding="utf-8"), file)
    ]
    unexplained = [f for f in found if f.key not in ALLOWED]
    assert not unexplained, (
        "Ces nombres à virgule sont écrits à l'anglaise (point décimal) : passe-les par "
        "tools/common/french.py (french.decimal, french.number, french.percent), ou, s'ils "
        "ne sont pas pour des personnes, ajoute-les à ALLOWED avec la raison :\n"
        + "\n".join(map(str, unexplained))
    )
    stale = set(ALLOWED) - {f.key for f in found}
    assert not stale, f"ALLOWED nomme des formats qui n'existent plus : {sorted(stale)}"


# -- the self-check's look at the failure messages ------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "  Observé  : 0.91 s (la somme des délais est 0.90 s)",
        "  Attendu  : TimeoutError au bout de 0.050 s environ.",
        "aucune réponse au bout de 1.5 s",
        "toujours en cours après 0.5s",
        "un rapport de 1.44 × le plancher",
        "blocage au plus 12.5 % de l'appel",
        "(au plus 0.35 s)",
        "un délai de 1.5e-07 s",
        "Python 3.13 : aucune réponse au bout de 1.5 s",  # the version aside, the delay counts
    ],
)
def test_the_selfcheck_sees_an_english_decimal(line):
    message = f"[02 · Attendre avec gather] Trop lent.\n{line}\n  À relire : Concurrence"
    assert english_decimals(message) == [line.strip()]


@pytest.mark.parametrize(
    "line",
    [
        "  Observé  : 0,91 s (la somme des délais est 0,90 s)",
        "un serveur sur 127.0.0.1, port 8888",
        "sous Python 3.13, python3.12 et CPython 3.11 ; pytest 8.4, pytest-asyncio 1.1",
        "version 3.13.0 ; fichier notes-3.13.json",
        "le fichier exercises/ex02_gather.py, ligne 12",
        "v1.2 ; 3 tests sur 10. 4 tâches.",
        "  Appel    : main({'Ada': 0.06, 'Linus': 0.02})",
        "  Conseil  : écris `await asyncio.sleep(0.5)` au lieu de time.sleep",
        "      exercises/ex01_premiere_coroutine.py, ligne 12, dans saluer : time.sleep(0.5)",
        "      ex.py, ligne 3, dans <module> : x = 1.5",
    ],
)
def test_the_selfcheck_leaves_versions_addresses_names_and_code_alone(line):
    assert english_decimals(f"[01 · Titre] Problème.\n{line}\n") == []


def failing(name, message, *, hidden=True, outcome="failed"):
    folder = "hidden" if hidden else "public"
    nodeid = f"tests/{folder}/test_ex02_gather.py::{name}"
    return CaseResult(nodeid, "ex02_gather", hidden, outcome, message)


def test_the_selfcheck_reports_each_failing_test_with_an_english_decimal(tmp_path):
    ex = exercise_by_id("ex02_gather")
    solution = [
        failing("test_a", "", outcome="passed"),
        failing("test_b", "", outcome="passed"),
        failing("test_p", "", hidden=False, outcome="passed"),
    ]
    stub = [
        failing("test_a", "[02] Trop lent.\n  Observé  : 0.91 s\n  Attendu  : 0,35 s"),
        failing("test_b", "[02] Trop lent.\n  Observé  : 0,91 s"),
        failing("test_p", "[02] Lent.\n  Observé  : 1.5 s", hidden=False),
    ]
    mutant_file = tmp_path / "mauvais.py"
    mutant_file.write_text('"""Lent.\n\nMessage attendu : lent\n"""\n', encoding="utf-8")
    mutant = Mutant(ex, mutant_file)
    verdicts = Verdicts()
    check_exercise(ex, solution, stub, {mutant: [failing("test_b", "Lent : 2.25 s")]}, verdicts)
    decimals = [p for p in verdicts.problems if "point décimal" in p]
    assert len(decimals) == 3
    assert "code de départ : le message de test_a" in decimals[0]
    assert "| Observé  : 0.91 s" in decimals[0]
    assert "code de départ : le message de test_p" in decimals[1]
    assert "| Observé  : 1.5 s" in decimals[1]
    assert "mauvais.py" in decimals[2]
    assert "| Lent : 2.25 s" in decimals[2]
    assert len(verdicts.problems) == 3  # nothing else is wrong with these results

"""The timelines drawn in failures (tools/common/timeline.py): the terminal's
text and the Mermaid chart of the report, from the same measures."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.common import commands
from tools.common.manifest import load_manifest
from tools.common.paths import HIDDEN_TESTS, PUBLIC_TESTS, TREES
from tools.common.timeline import (
    HEADING,
    MAX_LINES,
    Bar,
    Comparison,
    compare,
    redrawn,
    without_drawing,
)


def sequential(count: int, each: float = 0.5) -> Comparison:
    names = [f"telecharger('{chr(97 + i)}')" for i in range(count)]
    return compare(
        "un téléchargement",
        (Bar(name, i * each, (i + 1) * each) for i, name in enumerate(names)),
        (Bar(name, 0.0, each) for name in names),
    )


def bar_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if "|" in line]


def test_one_row_per_operation_running_at_once() -> None:
    text = sequential(3).text()
    rows = bar_rows(text)
    assert len(rows) == 1 + 3, text  # sequential: one row; expected: three side by side
    assert rows[0].lstrip().startswith("ton code |")
    assert rows[1].lstrip().startswith("attendu  |")
    # Back to back, the three bars alternate so that each one shows.
    drawn = rows[0].split("|")[1]
    assert re.fullmatch(r"█+▓+█+", drawn), drawn
    assert "de 0 à 1,5 s" in text.splitlines()[0]
    assert text.splitlines()[-1].split() == ["0", "0,75", "s", "1,5", "s"]


def test_the_scale_is_shared_by_both_runs() -> None:
    rows = bar_rows(sequential(2).text(width=20))
    observed, expected = rows[0].split("|")[1], rows[1].split("|")[1]
    assert observed == "█" * 10 + "▓" * 10
    assert expected == "█" * 10 + " " * 10


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1", None])
def test_a_console_without_block_characters_gets_ascii(encoding: str | None) -> None:
    text = sequential(3).text(encoding=encoding)
    for line in [*bar_rows(text), text.splitlines()[-1]]:  # the words may be French
        line.encode("ascii")
    assert re.fullmatch(r"#+=+#+", bar_rows(text)[0].split("|")[1])


def test_never_more_than_twelve_lines() -> None:
    text = sequential(1).text()
    crowded = compare("x", (Bar(f"b{i}", 0, 1) for i in range(50)), (Bar("b", 0, 1),))
    for drawing in (text, crowded.text()):
        assert len(drawing.splitlines()) <= MAX_LINES, drawing
    assert "… et 46 ligne(s) de plus (46 barre(s))" in crowded.text()


def test_lanes_name_their_rows_and_unfinished_bars_show() -> None:
    comparison = compare(
        "un élément",
        (Bar("a", 0, 1, lane="travailleur 1"), Bar("b", 1, None, lane="travailleur 1")),
        (Bar("a", 0, 1, lane="travailleur 1"), Bar("b", 0, 2, lane="travailleur 2")),
    )
    rows = bar_rows(comparison.text(width=10))
    # Still running when the run stopped: to the end of the axis.
    assert rows[0].endswith("|█████▒▒▒▒▒| travailleur 1"), rows
    assert rows[2].endswith("| travailleur 2"), rows


def test_the_report_redraws_for_its_own_console_and_mermaid_replaces_the_text() -> None:
    comparison = sequential(2)
    message = "[02 · Gather] Pas en même temps.\n  Observé  : 1\n  " + "\n  ".join(
        comparison.text().splitlines()
    )
    assert without_drawing(message) == "[02 · Gather] Pas en même temps.\n  Observé  : 1"
    ascii_only = redrawn(message, comparison.to_json(), "ascii")
    assert ascii_only.startswith(without_drawing(message) + f"\n  {HEADING}")
    assert "█" not in ascii_only
    assert "#" in ascii_only
    assert redrawn(message, None, "ascii") == message  # nothing to redraw from


def test_json_round_trip() -> None:
    comparison = compare("x", (Bar("a", 0.1, None, "p"),), (Bar("a:b", 0, 0.25),))
    assert Comparison.from_json(json.loads(json.dumps(comparison.to_json()))) == comparison


# -- Mermaid ---------------------------------------------------------------------------

TASK = re.compile(r"^    (?P<name>[^:#;]+?) :(?P<tags>(?:active|done|crit|milestone), )*"
                  r"(?P<start>\d+), (?P<end>\d+|\d+ms)$")  # fmt: skip


def parse_gantt(block: str) -> dict[str, list[tuple[str, int, str]]]:
    """What GitHub's Mermaid reads in our charts: the grammar of gantt that
    they use, and nothing else (any other line fails the test)."""
    lines = block.splitlines()
    assert lines[0] == "```mermaid"
    assert lines[-1] == "```"
    assert lines[1] == "gantt"
    sections: dict[str, list[tuple[str, int, str]]] = {}
    current = None
    for line in lines[2:-1]:
        if line.startswith("    title ") or line in ("    dateFormat x", "    axisFormat %S,%L s"):
            continue
        if line.startswith("    section "):
            current = line.removeprefix("    section ")
            sections[current] = []
            continue
        task = TASK.match(line)
        assert task is not None, f"ligne de gantt illisible : {line!r}"
        assert current is not None, "une tâche hors de toute section"
        sections[current].append((task["name"], int(task["start"]), task["end"]))
    return sections


def test_the_mermaid_chart_is_valid_gantt() -> None:
    comparison = compare(
        "un appel",
        (Bar("f('a:b#c;d')", 0.0, 0.5), Bar("g()", 0.25, None)),
        (Bar("f('a:b#c;d')", 0.0, 0.5), Bar("g()", 0.0, 0.5)),
    )
    sections = parse_gantt(comparison.mermaid("02 · Gather : tout"))
    assert list(sections) == ["ton code", "attendu"]
    assert sections["ton code"][0] == ("f('a b c d')", 0, "500")
    assert sections["ton code"][1][0] == "g() (pas fini)"
    assert sections["attendu"][1] == ("g()", 0, "500")


def test_a_crowded_mermaid_chart_is_cut() -> None:
    many = compare("x", (Bar(f"b{i}", i, i + 1) for i in range(60)), ())
    sections = parse_gantt(many.mermaid("t"))
    assert len(sections["ton code"]) == 25  # 24 bars and the "… 36 de plus" mark


def test_mermaids_own_renderer_draws_the_chart(tmp_path: Path) -> None:
    """With Mermaid's CLI (npm @mermaid-js/mermaid-cli; MERMAID_CLI names it,
    PUPPETEER_EXECUTABLE_PATH a browser), the chart renders to SVG as GitHub
    would draw it. Skipped where it is not installed: the grammar test above
    runs everywhere."""
    cli = os.environ.get("MERMAID_CLI") or shutil.which("mmdc")
    if cli is None:
        pytest.skip("mmdc introuvable (npm install @mermaid-js/mermaid-cli ; MERMAID_CLI=…)")
    chart = tmp_path / "chronologie.mmd"
    block = sequential(3).mermaid("02 · Gather").splitlines()
    chart.write_text("\n".join(block[1:-1]) + "\n", encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    browser = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    settings: dict[str, object] = {"args": ["--no-sandbox", "--disable-gpu"]}
    if browser:
        settings["executablePath"] = browser
    config.write_text(json.dumps(settings), encoding="utf-8")
    svg = tmp_path / "chronologie.svg"
    done = subprocess.run(
        [cli, "-p", str(config), "-i", str(chart), "-o", str(svg)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    drawn = svg.read_text(encoding="utf-8")
    assert "telecharger('a')" in drawn
    assert "attendu" in drawn


# -- the exercises ---------------------------------------------------------------------

CONCURRENCY = {"01", "02", "03", "06", "07", "08", "09", "11"}  # issue 19: at least these


def test_each_exercise_that_draws_says_in_its_statement_how_to_see_it() -> None:
    drawing = set()
    for exercise in load_manifest():
        tests = [PUBLIC_TESTS / exercise.test_file_name, HIDDEN_TESTS / exercise.test_file_name]
        draws = any("student.show(" in t.read_text(encoding="utf-8") for t in tests if t.is_file())
        statement = (TREES["exercises"] / exercise.file_name).read_text(encoding="utf-8")
        says = commands.timeline(exercise.number) in statement
        assert says == draws, (exercise.id, "dessine" if draws else "ne dessine pas")
        if draws:
            drawing.add(exercise.number)
    assert drawing >= CONCURRENCY, sorted(CONCURRENCY - drawing)

"""Timelines: what the student's code did, drawn as bars on a time axis.

The course explains concurrency with one picture: three downloads of 2 s take
2 s side by side with gather, 6 s one after the other. When a test about
concurrency fails, it draws that picture from the measures it already took
(the start and end of each fake download, call, computation or job, and which
worker or process ran it), the student's run above the shape the statement
asks for, on one axis in seconds. Never from a second run: the bars are the
ones the verdict was made on.

Two renderings of one `Comparison`:
- `text()`: plain lines for the terminal, at most MAX_LINES, with block
  characters, or ASCII where the console cannot encode them (a Windows
  console in cp1252, a CI log in latin-1);
- `mermaid()`: a Mermaid `gantt` block for rapport/resume.md and the GitHub
  job summary, which GitHub draws as a chart.

A comparison travels from the test to the report as JSON (`to_json`,
`from_json`), in the signed results file (tools/grading/results.py); the
grader and the report never import pytest nor this module's callers.

Written here rather than taken from a library: the terminal plotting
libraries on PyPI draw charts, not Gantt bars packed into lanes, and none
writes Mermaid; this is about 200 lines with no dependency, and the
student's template ships it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tools.common import french

TIMELINE_PROPERTY = "chronologie"  # the key in a pytest report's user_properties
HEADING = "Chronologie ("  # how the drawing starts, inside a failure message
MAX_LINES = 12  # the terminal picture, title and axis included
MAX_ROWS = 4  # rows of bars per side in the terminal; more are summed up
MAX_MERMAID_BARS = 24  # per side: beyond that GitHub's chart is a wall
WIDTH = 40  # characters for the time axis

# Consecutive bars of one row alternate, so that two back-to-back operations
# read as two bars and not one long one.
BLOCKS = ("█", "▓")
ASCII_BLOCKS = ("#", "=")
UNFINISHED = ("▒", "~")  # an operation still running when the run was stopped


@dataclass(frozen=True)
class Bar:
    """One operation: `start` and `end` in seconds from the start of the call.
    `lane` groups the bars of one worker or process ("travailleur 1",
    "processus 2"); without it, bars are packed into rows by overlap."""

    label: str
    start: float
    end: float | None = None  # None: still running when the run was stopped
    lane: str | None = None


@dataclass(frozen=True)
class Timeline:
    title: str  # "ton code", "attendu"
    bars: tuple[Bar, ...]

    def end(self) -> float:
        return max((b.end if b.end is not None else b.start for b in self.bars), default=0.0)


@dataclass(frozen=True)
class Comparison:
    """The student's run next to the expected shape."""

    what: str  # what a bar is: "un téléchargement", "un élément traité"
    observed: Timeline
    expected: Timeline

    # -- the terminal -----------------------------------------------------------

    def text(self, *, encoding: str | None = "utf-8", width: int = WIDTH) -> str:
        ascii_only = not _encodable(encoding)
        span = max(self.observed.end(), self.expected.end(), 1e-3)
        unfinished = any(b.end is None for b in self.observed.bars + self.expected.bars)
        legend = f" ; {UNFINISHED[ascii_only]} : pas fini" if unfinished else ""
        head = f"{HEADING}une barre : {self.what} ; de 0 à {_seconds(span)}{legend}) :"
        lines = [head]
        name_width = max(len(self.observed.title), len(self.expected.title))
        for timeline in (self.observed, self.expected):
            rows = _rows(timeline.bars)
            shown, hidden = rows[:MAX_ROWS], rows[MAX_ROWS:]
            for index, (lane, bars) in enumerate(shown):
                name = timeline.title if index == 0 else ""
                drawn = _draw(bars, span, width, ascii_only)
                tag = f" {lane}" if lane else ""
                lines.append(f"  {name:<{name_width}} |{drawn}|{tag}")
            if hidden:
                count = sum(len(bars) for _, bars in hidden)
                lines.append(f"  {'':<{name_width}}  … et {len(hidden)} ligne(s) de plus "
                             f"({count} barre(s))")  # fmt: skip
        lines.append(f"  {'':<{name_width}} {_axis(span, width)}")
        return "\n".join(lines[:MAX_LINES])

    # -- Markdown ------------------------------------------------------------------

    def mermaid(self, title: str) -> str:
        """A Mermaid gantt chart: times in milliseconds from 0."""
        span_ms = max(1, round(max(self.observed.end(), self.expected.end()) * 1000))
        lines = [
            "```mermaid",
            "gantt",
            f"    title {_mermaid_text(title)}",
            "    dateFormat x",
            "    axisFormat %S,%L s",
        ]
        for timeline in (self.observed, self.expected):
            lines.append(f"    section {_mermaid_text(timeline.title)}")
            bars = sorted(timeline.bars, key=lambda b: round(b.start, 3))
            for bar in bars[:MAX_MERMAID_BARS]:
                start = round(bar.start * 1000)
                end = span_ms if bar.end is None else max(start + 1, round(bar.end * 1000))
                lane = bar.lane if bar.lane and bar.lane not in bar.label else None
                label = bar.label + (f" ({lane})" if lane else "")
                if bar.end is None:
                    label += " (pas fini)"
                state = "active, " if bar.end is None else ""
                lines.append(f"    {_mermaid_text(label)} :{state}{start}, {end}")
            if len(bars) > MAX_MERMAID_BARS:
                lines.append(f"    … {len(bars) - MAX_MERMAID_BARS} de plus :milestone, "
                             f"{span_ms}, 0ms")  # fmt: skip
        lines.append("```")
        return "\n".join(lines)

    # -- the results file -------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "observed": _timeline_json(self.observed),
            "expected": _timeline_json(self.expected),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comparison:
        return cls(
            str(data["what"]),
            _timeline_from(data["observed"]),
            _timeline_from(data["expected"]),
        )


OBSERVED = "ton code"
EXPECTED = "attendu"


def compare(what: str, observed: Iterable[Bar], expected: Iterable[Bar]) -> Comparison:
    """The student's bars above the expected ones."""
    return Comparison(
        what, Timeline(OBSERVED, tuple(observed)), Timeline(EXPECTED, tuple(expected))
    )


def without_drawing(message: str) -> str:
    """A failure message without its timeline's lines (they come last)."""
    at = message.find(f"\n  {HEADING}")
    return message if at < 0 else message[:at]


def redrawn(message: str, data: Mapping[str, Any] | None, encoding: str | None) -> str:
    """The message with its timeline drawn for `encoding` (the test drew it
    for the console of the pytest process, maybe not the reader's)."""
    if data is None or f"\n  {HEADING}" not in message:
        return message
    try:
        comparison = Comparison.from_json(data)
    except (KeyError, TypeError, ValueError):
        return message
    drawing = comparison.text(encoding=encoding).splitlines()
    return without_drawing(message) + "".join(f"\n  {line}" for line in drawing)


def bars(
    intervals: Iterable[tuple[str, float, float | None]], *, origin: float = 0.0
) -> tuple[Bar, ...]:
    """Bars from (label, start, end) measured on one clock, `origin` its zero."""
    return tuple(
        Bar(label, start - origin, None if end is None else end - origin)
        for label, start, end in intervals
    )


# -- drawing --------------------------------------------------------------------------


def _rows(bars: Sequence[Bar]) -> list[tuple[str | None, list[Bar]]]:
    """Bars by lane when they have one, else packed: each bar goes on the
    first row where it overlaps nothing, so there are as many rows as
    operations ever ran at once."""
    laned: dict[str, list[Bar]] = {}
    packed: list[list[Bar]] = []
    # By start, to the millisecond; bars that start together keep their
    # order (the order of the calls): the rows of two runs read alike.
    for bar in sorted(bars, key=lambda b: round(b.start, 3)):
        if bar.lane is not None:
            laned.setdefault(bar.lane, []).append(bar)
            continue
        for row in packed:
            last = row[-1]
            if last.end is not None and last.end <= bar.start + 1e-9:
                row.append(bar)
                break
        else:
            packed.append([bar])
    return [(lane, row) for lane, row in laned.items()] + [(None, row) for row in packed]


def _draw(bars: Sequence[Bar], span: float, width: int, ascii_only: bool) -> str:
    cells = [" "] * width
    blocks = ASCII_BLOCKS if ascii_only else BLOCKS
    unfinished = UNFINISHED[1] if ascii_only else UNFINISHED[0]
    for index, bar in enumerate(bars):
        first = min(width - 1, int(bar.start / span * width))
        end = span if bar.end is None else bar.end
        last = max(first + 1, min(width, round(end / span * width)))
        mark = unfinished if bar.end is None else blocks[index % 2]
        for cell in range(first, last):
            cells[cell] = mark
    return "".join(cells)


def _axis(span: float, width: int) -> str:
    """0 under the first cell, the middle under the middle, `span` ending
    under the closing bar."""
    cells = [" "] * (width + 2)
    marks = (("0", 1), (_seconds(span / 2, span), width // 2 + 1), (_seconds(span), None))
    for text, at in marks:
        begin = width + 2 - len(text) if at is None else max(0, at - len(text) // 2)
        cells[begin : begin + len(text)] = text
    return "".join(cells).rstrip()


def _seconds(value: float, span: float | None = None) -> str:
    """Seconds with as many decimals as the axis needs to tell its marks
    apart: "0,011 s" on a 20 ms run, "1,5 s", "12,5 s"."""
    scale = value if span is None else span
    digits = 3 if scale < 0.1 else 2 if scale < 10 else 1
    return french.number(round(value, digits)) + " s"


def _encodable(encoding: str | None) -> bool:
    try:
        "".join(BLOCKS + UNFINISHED + ("…",)).encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _mermaid_text(text: str) -> str:
    """Mermaid ends a task name at ':' and reads '#' and ';' as syntax."""
    return re.sub(r"[:#;\n\r]", " ", text).strip() or "?"


def _timeline_json(timeline: Timeline) -> dict[str, Any]:
    return {
        "title": timeline.title,
        "bars": [[b.label, round(b.start, 4), None if b.end is None else round(b.end, 4), b.lane]
                 for b in timeline.bars],
    }  # fmt: skip


def _timeline_from(data: Mapping[str, Any]) -> Timeline:
    return Timeline(
        str(data["title"]),
        tuple(
            Bar(str(label), float(start), None if end is None else float(end),
                None if lane is None else str(lane))
            for label, start, end, lane in data["bars"]
        ),
    )  # fmt: skip

"""The class report: one static HTML page of a re-grade's results, OUT/classe.html.

    python -m tools.teacher.class_report OUT

Read from what `nox -s regrade` wrote in OUT (tools/teacher/regrade.py):
notes.csv (the grades, authoritative) and OUT/<eleve>/notation.json (the
failure messages and broken promises of each graded student). The page is
one file a teacher opens from disk or prints: inline CSS, no script, no
resource from anywhere else. It shows, in French:
- the grid student × exercise, in notes.csv's order, with totals;
- each exercise's success rate (full points) and mean, and the class mean;
- the distribution of the totals (a bar chart in HTML and CSS, numbers written);
- per exercise, the commonest failure headlines and the statement's promises
  most often broken: what to teach again;
- the flags, the repositories not started and the rows in error.

Nothing read is trusted: names, flags and messages are escaped; a student's
folder is read only if its name is one plain folder name; a notation.json
that is missing, unreadable or disagrees with notes.csv only costs the page
that student's details. An error row's notation.json is never read: its
points did not count (the grading was refused), neither do its messages.

notes.csv is read here rather than with regrade.read_csv: regrade will call
`write_class_report`, and importing it back would be circular.
"""

from __future__ import annotations

import argparse
import csv
import html
import math
import os
import re
import statistics
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tools.common import french
from tools.common.manifest import Exercise, ManifestError, load_manifest
from tools.grading.report import (
    ERROR,
    PASSED,
    STATUS_TEXT,
    TIMEOUT,
    ExerciseResult,
    Report,
    headline,
)

NOTES = "notes.csv"
PAGE = "classe.html"
RECORD = "notation.json"
CSV_DELIMITER = ";"  # regrade.CSV_DELIMITER: what a French Excel splits on
FLAG_SEPARATOR = " ; "  # how regrade joins the flags of one row
ERROR_FLAG = "ERREUR : "
REQUIRED_COLUMNS = ("eleve", "total", "max", "drapeaux")
EXERCISE_COLUMN = re.compile(r"^ex(\d{2})$")
PROMISE_ID = re.compile(r"^\s*([EC]\d+)")
TOP_FAILURES = 5  # headlines shown per exercise; the rest is counted
TOP_PROMISES = 5
MAX_TEXT = 300  # characters of one headline or flag: a student's message can be anything
MAX_RECORD_BYTES = 20 * 2**20  # the grader's records are small; a huge one is not read
BINS = 10  # bars of the distribution (one more for the maximum alone)
NBSP = "\u00a0"


# -- what the page is made of --------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One exercise column of notes.csv ("ex02"), with what the manifest says."""

    key: str
    number: str
    title: str
    max_points: int | None  # None: not in the manifest, and no record says


@dataclass
class Student:
    """One row of notes.csv, and the notation.json that goes with it, if usable."""

    name: str
    commit: str
    date: str
    points: dict[str, int | None]  # by column key; None: not graded
    total: int | None
    flags: list[str]
    report: Report | None = None
    no_details: str | None = None  # why `report` is None, for a graded student

    @property
    def errors(self) -> list[str]:
        return [f.removeprefix(ERROR_FLAG) for f in self.flags if f.startswith(ERROR_FLAG)]

    @property
    def graded(self) -> bool:
        # regrade leaves an error row's points empty; a flag says why.
        return self.total is not None and not self.errors

    @property
    def not_started(self) -> bool:
        return self.graded and self.total == 0

    def result(self, column: Column) -> ExerciseResult | None:
        if self.report is None:
            return None
        return next((ex for ex in self.report.exercises if ex.number == column.number), None)


@dataclass
class ExerciseStats:
    column: Column
    graded: int = 0  # students with points for it
    full: int = 0
    mean: float | None = None
    detailed: int = 0  # graded students whose record was read
    statuses: Counter[str] = field(default_factory=Counter)  # from the records
    failures: list[tuple[str, int]] = field(default_factory=list)  # headline, students
    promises: list[tuple[str, int]] = field(default_factory=list)  # promise, students

    @property
    def success(self) -> float | None:
        return self.full / self.graded if self.graded and self.column.max_points else None


@dataclass
class ClassData:
    source: Path
    written: datetime | None  # when notes.csv was written
    columns: list[Column]
    students: list[Student]
    max_total: int | None

    @property
    def graded(self) -> list[Student]:
        return [s for s in self.students if s.graded]

    @property
    def totals(self) -> list[int]:
        return [s.total for s in self.graded if s.total is not None]


# -- reading OUT ----------------------------------------------------------------------


def _integer(cell: str) -> int | None:
    text = cell.strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def read_notes(path: Path) -> tuple[list[str], list[list[str]]]:
    """notes.csv as regrade writes it: (header, rows), rows padded to the header."""
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source, delimiter=CSV_DELIMITER))
    if not rows:
        raise ValueError(f"{path} : fichier vide")
    header = rows[0]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ValueError(f"{path} : colonne(s) absente(s) : {', '.join(missing)}")
    return header, [row + [""] * (len(header) - len(row)) for row in rows[1:] if any(row)]


def _safe_folder(out: Path, name: str) -> Path | None:
    """OUT/<name> if `name` is one plain folder name (a CSV can say anything)."""
    if name in ("", ".", "..") or any(c in name for c in "/\\\0:") or name != name.strip():
        return None
    folder = out / name
    try:
        if folder.resolve().parent != out.resolve():
            return None
    except (OSError, RuntimeError):
        return None
    return folder


def _well_formed(report: Report) -> bool:
    """The fields the page reads have the types it expects."""
    return isinstance(report.exercises, list) and all(
        isinstance(ex, ExerciseResult)
        and isinstance(ex.number, str)
        and isinstance(ex.status, str)
        and isinstance(ex.points, int)
        and isinstance(ex.max_points, int)
        and isinstance(ex.messages, list)
        and all(isinstance(m, str) for m in ex.messages)
        and isinstance(ex.broken_promises, list)
        and all(isinstance(p, str) for p in ex.broken_promises)
        for ex in report.exercises
    )


def read_record(out: Path, student: Student, columns: Sequence[Column]) -> None:
    """Attach the student's notation.json, or say why there is none to use."""
    folder = _safe_folder(out, student.name)
    if folder is None:
        student.no_details = "nom de dossier refusé"
        return
    path = folder / RECORD
    try:
        if not path.is_file():
            student.no_details = f"{RECORD} absent"
            return
        if path.stat().st_size > MAX_RECORD_BYTES:
            student.no_details = f"{RECORD} trop gros"
            return
        report = Report.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        student.no_details = f"{RECORD} illisible"
        return
    if not _well_formed(report):
        student.no_details = f"{RECORD} illisible"
        return
    student.report = report
    # notes.csv is the grade: a record that says otherwise (an older run's,
    # another student's) would put the wrong messages on the page.
    for column in columns:
        points = student.points.get(column.key)
        result = student.result(column)
        if points is not None and (result is None or result.points != points):
            student.report = None
            student.no_details = f"{RECORD} ne correspond pas à {NOTES}"
            return


def _columns(header: Sequence[str], exercises: Sequence[Exercise]) -> list[Column]:
    by_number = {ex.number: ex for ex in exercises}
    columns = []
    for key in header:
        found = EXERCISE_COLUMN.match(key)
        if found is None:
            continue
        exercise = by_number.get(found[1])
        if exercise is None:
            columns.append(Column(key, found[1], "(exercice absent du manifeste)", None))
        else:
            columns.append(Column(key, exercise.number, exercise.title, exercise.points))
    return columns


def load_class(out: Path, exercises: Sequence[Exercise]) -> ClassData:
    """Everything the page shows, read from OUT."""
    source = out / NOTES
    header, rows = read_notes(source)
    columns = _columns(header, exercises)
    at = {name: index for index, name in enumerate(header)}

    def cell(row: list[str], name: str) -> str:
        return row[at[name]] if name in at else ""

    students = []
    for row in rows:
        flags = [f.strip() for f in cell(row, "drapeaux").split(FLAG_SEPARATOR) if f.strip()]
        student = Student(
            name=cell(row, "eleve"),
            commit=cell(row, "commit").strip(),
            date=cell(row, "date_commit").strip(),
            points={c.key: _integer(cell(row, c.key)) for c in columns},
            total=_integer(cell(row, "total")),
            flags=flags,
        )
        if student.graded:
            read_record(out, student, columns)
        students.append(student)
    # A column the manifest does not know takes its maximum from the records.
    for index, column in enumerate(columns):
        if column.max_points is None:
            seen = [r.max_points for s in students if (r := s.result(column)) is not None]
            if seen:
                columns[index] = Column(column.key, column.number, column.title, max(seen))
    maxima = [m for row in rows if (m := _integer(cell(row, "max"))) is not None]
    max_total = max(maxima) if maxima else None
    if max_total is None and columns and all(c.max_points for c in columns):
        max_total = sum(c.max_points or 0 for c in columns)
    try:
        written: datetime | None = datetime.fromtimestamp(source.stat().st_mtime)
    except OSError:
        written = None
    return ClassData(source, written, columns, students, max_total)


# -- numbers ------------------------------------------------------------------------------


def _promise_id(text: str) -> str:
    found = PROMISE_ID.match(text)
    return found[1] if found else text.strip()


def exercise_stats(data: ClassData, exercises: Sequence[Exercise]) -> list[ExerciseStats]:
    by_number = {ex.number: ex for ex in exercises}
    result = []
    for column in data.columns:
        stats = ExerciseStats(column)
        points = [p for s in data.graded if (p := s.points.get(column.key)) is not None]
        stats.graded = len(points)
        if column.max_points:
            stats.full = sum(p >= column.max_points for p in points)
        stats.mean = statistics.fmean(points) if points else None
        failures: Counter[str] = Counter()
        promises: Counter[str] = Counter()
        for student in data.graded:
            record = student.result(column)
            if record is None or student.points.get(column.key) is None:
                continue
            stats.detailed += 1
            stats.statuses[record.status] += 1
            if record.status == PASSED:
                continue
            # Counted once per student: how many to teach again, not how many
            # tests. dict.fromkeys, not a set: the order first met breaks ties.
            headlines = dict.fromkeys(_shorten(headline(m)) for m in record.messages)
            headlines.pop("", None)
            if not headlines:
                status = STATUS_TEXT.get(record.status, record.status)
                headlines = {f"({status}, sans message)": None}
            failures.update(headlines.keys())
            promises.update(
                dict.fromkeys(_promise_id(p) for p in record.broken_promises if p.strip()).keys()
            )
        # Most frequent first; equal counts in the order first met (Counter keeps it).
        stats.failures = sorted(failures.items(), key=lambda item: -item[1])
        exercise = by_number.get(column.number)
        named = []
        for promise, count in sorted(promises.items(), key=lambda item: -item[1]):
            requirement = exercise.requirement(promise) if exercise else None
            text = f"{promise}. {requirement.text}" if requirement else promise
            named.append((_shorten(text), count))
        stats.promises = named
        result.append(stats)
    return result


def distribution(totals: Sequence[int], maximum: int) -> list[tuple[int, int, int]]:
    """(low, high, students) bars covering 0…maximum: BINS bars of equal width,
    then the maximum alone (full marks stand out). A total out of range
    counts in the nearest bar."""
    width = max(1, math.ceil(maximum / BINS))
    bars = [[low, min(low + width - 1, maximum), 0] for low in range(0, maximum + 1, width)]
    if bars[-1][0] != maximum:  # the maximum gets its own bar
        bars[-1][1] = maximum - 1
        bars.append([maximum, maximum, 0])
    for total in totals:
        index = min(max(total, 0) // width, len(bars) - 1)
        if total >= maximum:
            index = len(bars) - 1
        bars[index][2] += 1
    return [(low, high, count) for low, high, count in bars]


# -- text -----------------------------------------------------------------------------------


def _shorten(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(text: object) -> str:
    """Escaped for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def with_code(text: str) -> str:
    """Escaped, with the statement's `code` (Markdown) shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else french.percent(ratio).replace(" ", NBSP)


def mean_text(value: float | None) -> str:
    return "—" if value is None else french.decimal(value, 1)


def commit_date(text: str) -> str:
    """Commit date "2026-11-20T23:58:12+01:00" as "20/11 23:58" (the committer's clock)."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return _shorten(text, 25)
    return when.strftime("%d/%m %H:%M")


def plural(count: int, one: str, many: str) -> str:
    return f"{count}{NBSP}{one if count == 1 else many}"


def flag_kind(flag: str) -> str:
    """The kind of a flag: "tests modifiés : conftest.py" is "tests modifiés"."""
    return _shorten(flag.split(" : ", 1)[0], 40)


# -- the page -------------------------------------------------------------------------------


STYLE = """
:root { color-scheme: light; --full: #c6e7c8; --partial: #ffe3a8; --zero: #fbe0dc;
  --error: #e2e2e2; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f3f5f7;
  --bar: #3d6eb4; }
* { box-sizing: border-box; }
html { background: #fff; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto; padding: 24px 32px 48px;
  max-width: 1180px; }
h1 { font-size: 1.7em; margin: 0 0 .15em; }
h2 { font-size: 1.3em; margin: 2em 0 .6em; padding-bottom: .2em;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05em; margin: 1.4em 0 .4em; }
p { margin: .4em 0; }
.meta, .note { color: var(--muted); }
.note { font-size: .92em; max-width: 60em; }
nav ol { display: flex; flex-wrap: wrap; gap: .3em 1.4em; list-style: none; padding: 0;
  margin: .8em 0; }
nav a { color: var(--bar); }
.chiffres { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0;
  margin: 1em 0; }
.chiffres li { flex: 1 1 auto; border: 1px solid var(--line); border-radius: 6px;
  padding: 6px 12px; }
.chiffres strong { display: block; font-size: 1.55em; line-height: 1.2; }
table { border-collapse: collapse; margin: .4em 0 1em; }
th, td { border: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
thead th, tfoot th, tfoot td { background: var(--head); }
th { text-align: left; font-weight: 600; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.c { text-align: center; }
#grille th, #grille td { padding: 2px 6px; }
#grille thead th.ex { text-align: center; min-width: 2.4em; }
#grille tbody th { font-weight: 500; white-space: nowrap; }
#grille td.pts { text-align: center; font-variant-numeric: tabular-nums; }
#grille td.total { font-weight: 700; }
#grille td.date, #grille td.drap { font-size: .85em; color: var(--muted); }
#grille td.date { white-space: nowrap; }
.defile { overflow-x: auto; }  /* a narrow window scrolls the grid, not the page */
#grille td.drap { min-width: 12em; max-width: 18em; }
#grille tfoot td { text-align: center; font-size: .9em; }
.full { background: var(--full); font-weight: 700; }
.partial { background: var(--partial); }
.zero { background: var(--zero); }
.error { background: var(--error); color: var(--muted); }
.legende { display: flex; flex-wrap: wrap; gap: .4em 1.2em; list-style: none; padding: 0;
  margin: .3em 0; font-size: .9em; }
.legende span { display: inline-block; width: 1.1em; height: 1.1em; margin-right: .35em;
  vertical-align: -.2em; border: 1px solid var(--line); }
.barre { display: block; height: 1em; min-width: 1px; background: var(--bar); }
td.fond { width: 12em; padding-top: 5px; }
#exercices td.titre { min-width: 16em; }
#repartition td.fond { width: 26em; }
.vide { background: none; }
table.echecs { width: min(100%, 60em); }
table.echecs .n { width: 5em; }
.flags { margin: .2em 0; padding-left: 1.2em; }
.noms { columns: 3 14em; padding-left: 1.2em; }
@media print {
  body { font-size: 9pt; padding: 0; max-width: none; }
  /* The grid fits the width of an A4 portrait page. */
  #grille { font-size: 8pt; }
  #grille th, #grille td { padding: 1px 3px; }
  #grille thead th.ex { min-width: 0; }
  .defile { overflow: visible; }
  .chiffres li { padding: 3px 8px; }
  td.fond, #repartition td.fond { width: 8em; }
  nav { display: none; }
  h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 12mm; }
"""


def _cell_class(points: int | None, maximum: int | None) -> str:
    if points is None:
        return "error"
    if maximum is not None and points >= maximum:
        return "full"
    return "zero" if points <= 0 else "partial"


def _bar(ratio: float) -> str:
    width = round(max(0.0, min(1.0, ratio)) * 100)  # a whole percent: CSS wants no comma
    return f'<span class="barre" style="width: {width}%"></span>' if width else ""


def _head(data: ClassData, stats: list[ExerciseStats]) -> list[str]:
    graded, totals = data.graded, data.totals
    errors = [s for s in data.students if not s.graded]
    not_started = [s for s in graded if s.not_started]
    out_of = f"/{data.max_total}" if data.max_total is not None else ""
    written = f", écrit le {data.written.strftime('%d/%m/%Y à %H:%M')}" if data.written else ""
    successes = [s.success for s in stats if s.success is not None]
    boxes = [
        ("dépôts", str(len(data.students))),
        ("notés", str(len(graded))),
        ("en erreur", str(len(errors))),
        ("pas commencés", str(len(not_started))),
        (
            "moyenne de la classe",
            f"{mean_text(statistics.fmean(totals) if totals else None)}{out_of}",
        ),
        (
            "médiane",
            f"{french.number(statistics.median(totals)) if totals else '—'}{out_of}",
        ),
        (
            "réussite moyenne des exercices",
            percent(statistics.fmean(successes) if successes else None),
        ),
    ]
    return [
        "<header>",
        "<h1>Résultats de la classe</h1>",
        f'<p class="meta">D’après <code>{esc(data.source.name)}</code> du dossier '
        f"<code>{esc(data.source.parent.name)}</code>{esc(written)}.</p>",
        '<ul class="chiffres">',
        *(f"<li><strong>{esc(value)}</strong>{esc(label)}</li>" for label, value in boxes),
        "</ul>",
        "<nav><ol>",
        '<li><a href="#grille">Grille des notes</a></li>',
        '<li><a href="#exercices">Réussite par exercice</a></li>',
        '<li><a href="#repartition">Répartition des totaux</a></li>',
        '<li><a href="#drapeaux">Drapeaux</a></li>',
        '<li><a href="#pas-commences">Pas commencés</a></li>',
        '<li><a href="#erreurs">Dépôts en erreur</a></li>',
        '<li><a href="#echecs">À retravailler</a></li>',
        "</ol></nav>",
        "</header>",
    ]


def _grid(data: ClassData, stats: list[ExerciseStats]) -> list[str]:
    lines = [
        '<section aria-labelledby="titre-grille">',
        '<h2 id="titre-grille">Grille des notes</h2>',
        '<ul class="legende">',
        '<li><span class="full"></span>points pleins</li>',
        '<li><span class="partial"></span>une partie des points</li>',
        '<li><span class="zero"></span>0 point</li>',
        '<li><span class="error"></span>— non noté (dépôt en erreur)</li>',
        "</ul>",
    ]
    if not data.students:
        return [*lines, f"<p>Aucun dépôt dans {esc(NOTES)}.</p>", "</section>"]
    out_of = f"/{data.max_total}" if data.max_total is not None else ""
    lines += [
        '<div class="defile">',
        '<table id="grille">',
        "<thead><tr>",
        '<th scope="col">Élève</th>',
        '<th scope="col">Commit du</th>',
        *(
            f'<th scope="col" class="ex" title="{esc(c.title)}">{esc(c.number)}</th>'
            for c in data.columns
        ),
        f'<th scope="col" class="n">Total{esc(out_of)}</th>',
        '<th scope="col">Drapeaux</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    for student in data.students:
        cells = []
        for column in data.columns:
            points = student.points.get(column.key) if student.graded else None
            record = student.result(column)
            tip = ""
            if record is not None and record.status != PASSED:
                status = STATUS_TEXT.get(record.status, record.status)
                first = headline(record.messages[0]) if record.messages else ""
                tip = f' title="{esc(_shorten(f"{status} : {first}" if first else status))}"'
            cells.append(
                f'<td class="pts {_cell_class(points, column.max_points)}"{tip}>'
                f"{'—' if points is None else points}</td>"
            )
        total = str(student.total) if student.graded else "erreur"
        kinds = list(dict.fromkeys(flag_kind(f) for f in student.flags))
        date = commit_date(student.date) if student.date else "—"
        lines.append(
            f'<tr><th scope="row">{esc(student.name)}</th>'
            f'<td class="date" title="{esc(student.commit)}">{esc(date)}</td>'
            + "".join(cells)
            + f'<td class="n total{"" if student.graded else " error"}">{total}</td>'
            f'<td class="drap">{esc(", ".join(kinds))}</td></tr>'
        )
    totals = data.totals
    lines += [
        "</tbody>",
        "<tfoot>",
        '<tr><th scope="row" colspan="2">Réussite (points pleins)</th>',
        *(f"<td>{percent(s.success)}</td>" for s in stats),
        "<td></td><td></td></tr>",
        '<tr><th scope="row" colspan="2">Moyenne</th>',
        *(f"<td>{mean_text(s.mean)}</td>" for s in stats),
        f'<td class="n">{mean_text(statistics.fmean(totals) if totals else None)}</td>',
        "<td></td></tr>",
        "</tfoot>",
        "</table>",
        "</div>",
        "</section>",
    ]
    return lines


def _exercises(stats: list[ExerciseStats]) -> list[str]:
    lines = [
        '<section aria-labelledby="titre-exercices">',
        '<h2 id="titre-exercices">Réussite par exercice</h2>',
        '<p class="note">Réussite : la part des dépôts notés qui ont tous les points de '
        "l’exercice. Les dépôts en erreur ne comptent pas.</p>",
    ]
    if not stats:
        return [*lines, "<p>Aucun exercice dans notes.csv.</p>", "</section>"]
    lines += [
        '<div class="defile">',
        '<table id="exercices">',
        "<thead><tr>",
        '<th scope="col">N°</th><th scope="col">Exercice</th>',
        '<th scope="col" class="n">Points</th><th scope="col" class="n">Notés</th>',
        '<th scope="col" class="n">Points<br>pleins</th>',
        '<th scope="col" colspan="2">Réussite</th>',
        '<th scope="col" class="n">Moyenne</th>',
        '<th scope="col" class="n">Erreur ou<br>temps dépassé</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    for s in stats:
        c = s.column
        crashed = s.statuses[ERROR] + s.statuses[TIMEOUT]
        lines.append(
            f'<tr><td class="c">{esc(c.number)}</td><td class="titre">{esc(c.title)}</td>'
            f'<td class="n">{"?" if c.max_points is None else c.max_points}</td>'
            f'<td class="n">{s.graded}</td><td class="n">{s.full}</td>'
            f'<td class="n">{percent(s.success)}</td>'
            f'<td class="fond">{_bar(s.success or 0.0)}</td>'
            f'<td class="n">{mean_text(s.mean)}</td>'
            f'<td class="n">{crashed if s.detailed else "—"}</td></tr>'
        )
    return [*lines, "</tbody>", "</table>", "</div>", "</section>"]


def _distribution(data: ClassData) -> list[str]:
    lines = [
        '<section aria-labelledby="titre-repartition">',
        '<h2 id="titre-repartition">Répartition des totaux</h2>',
    ]
    totals = data.totals
    if not totals or not data.max_total or data.max_total <= 0:
        return [*lines, "<p>Aucun dépôt noté : pas de répartition.</p>", "</section>"]
    bars = distribution(totals, data.max_total)
    most = max(count for _, _, count in bars)
    lines += [
        '<table id="repartition">',
        "<thead><tr>",
        f'<th scope="col">Total (sur {data.max_total})</th>',
        '<th scope="col">Dépôts</th><th scope="col" class="n">Nombre</th>',
        '<th scope="col" class="n">Part</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    for low, high, count in bars:
        label = str(low) if low == high else f"de {low} à {high}"
        lines.append(
            f'<tr><th scope="row">{label}</th>'
            f'<td class="fond">{_bar(count / most if most else 0.0)}</td>'
            f'<td class="n">{count}</td><td class="n">{percent(count / len(totals))}</td></tr>'
        )
    return [*lines, "</tbody>", "</table>", "</section>"]


def _failures(data: ClassData, stats: list[ExerciseStats]) -> list[str]:
    lines = [
        '<section id="echecs" aria-labelledby="titre-echecs">',
        '<h2 id="titre-echecs">À retravailler : les échecs les plus fréquents</h2>',
        '<p class="note">Pour chaque exercice, la première ligne des messages d’échec, '
        "comptée une fois par élève, la plus fréquente d’abord ; puis les promesses de "
        "l’énoncé que ces échecs disent non tenues. Lu dans le <code>notation.json</code> "
        "de chaque dépôt noté.</p>",
    ]
    missing = [s for s in data.graded if s.report is None]
    if missing:
        lines += [
            f"<p>Sans détail pour {plural(len(missing), 'dépôt noté', 'dépôts notés')} "
            "(ils ne comptent pas ci-dessous) :</p>",
            '<ul class="noms">',
            *(f"<li>{esc(s.name)} : {esc(s.no_details or '')}</li>" for s in missing),
            "</ul>",
        ]
    shown = False
    for s in stats:
        c = s.column
        if not s.failures:
            continue
        shown = True
        failed = s.detailed - s.statuses[PASSED]
        lines += [
            f'<h3 id="echecs-{esc(c.key)}">{esc(c.number)} · {esc(c.title)}</h3>',
            f"<p>{plural(failed, 'élève', 'élèves')} sans les points sur "
            f"{s.detailed} dont le détail est connu.</p>",
            '<table class="echecs">',
            '<thead><tr><th scope="col">Message d’échec</th>'
            '<th scope="col" class="n">Élèves</th></tr></thead>',
            "<tbody>",
            *(
                f'<tr><td>{esc(text)}</td><td class="n">{count}</td></tr>'
                for text, count in s.failures[:TOP_FAILURES]
            ),
        ]
        rest = s.failures[TOP_FAILURES:]
        if rest:
            lines.append(
                f'<tr><td class="note">et {plural(len(rest), "autre message", "autres messages")}'
                "</td>"
                f'<td class="n">{sum(count for _, count in rest)}</td></tr>'
            )
        lines += ["</tbody>", "</table>"]
        if s.promises:
            lines += [
                '<table class="echecs promesses">',
                '<thead><tr><th scope="col">Promesse de l’énoncé non tenue</th>'
                '<th scope="col" class="n">Élèves</th></tr></thead>',
                "<tbody>",
                *(
                    f'<tr><td>{with_code(text)}</td><td class="n">{count}</td></tr>'
                    for text, count in s.promises[:TOP_PROMISES]
                ),
                "</tbody>",
                "</table>",
            ]
    if not shown:
        lines.append("<p>Aucun échec connu.</p>")
    return [*lines, "</section>"]


def _flags(data: ClassData) -> list[str]:
    lines = [
        '<section id="drapeaux" aria-labelledby="titre-drapeaux">',
        '<h2 id="titre-drapeaux">Drapeaux</h2>',
        '<p class="note">Ce que la re-notation a remarqué dans chaque dépôt (colonne '
        "<code>drapeaux</code> de notes.csv) : tests ou workflow modifiés, exercices "
        "manquants, dépôt qui n’est pas un dépôt git… Les erreurs sont plus bas.</p>",
    ]
    flagged = [
        (s, kept)
        for s in data.students
        if (kept := [f for f in s.flags if not f.startswith(ERROR_FLAG)])
    ]
    if not flagged:
        return [*lines, "<p>Aucun drapeau.</p>", "</section>"]
    kinds = Counter(flag_kind(f) for _, kept in flagged for f in dict.fromkeys(kept))
    lines += [
        '<table id="drapeaux-par-sorte">',
        '<thead><tr><th scope="col">Drapeau</th><th scope="col" class="n">Dépôts</th></tr></thead>',
        "<tbody>",
        *(
            f'<tr><td>{esc(kind)}</td><td class="n">{count}</td></tr>'
            for kind, count in kinds.most_common()
        ),
        "</tbody>",
        "</table>",
        '<table id="drapeaux-par-eleve">',
        '<thead><tr><th scope="col">Élève</th><th scope="col">Drapeaux</th></tr></thead>',
        "<tbody>",
    ]
    for student, kept in flagged:
        items = "".join(f"<li>{esc(_shorten(f))}</li>" for f in kept)
        lines.append(
            f'<tr><th scope="row">{esc(student.name)}</th>'
            f'<td><ul class="flags">{items}</ul></td></tr>'
        )
    return [*lines, "</tbody>", "</table>", "</section>"]


def _not_started(data: ClassData) -> list[str]:
    names = [s for s in data.students if s.not_started]
    lines = [
        '<section id="pas-commences" aria-labelledby="titre-pas-commences">',
        f'<h2 id="titre-pas-commences">Pas commencés ({len(names)})</h2>',
        '<p class="note">Compté « pas commencé » : un dépôt noté dont le total est 0, sans '
        "erreur. Cette page ne voit que les points, pas les fichiers : un dépôt où des "
        "exercices ont été modifiés sans rapporter de point y figure aussi.</p>",
    ]
    if not names:
        return [*lines, "<p>Aucun.</p>", "</section>"]
    return [
        *lines,
        '<ul class="noms">',
        *(f"<li>{esc(s.name)}</li>" for s in names),
        "</ul>",
        "</section>",
    ]


def _errors(data: ClassData) -> list[str]:
    rows = [s for s in data.students if not s.graded]
    lines = [
        '<section id="erreurs" aria-labelledby="titre-erreurs">',
        f'<h2 id="titre-erreurs">Dépôts en erreur ({len(rows)})</h2>',
        '<p class="note">Leur notation n’a pas abouti : ils n’ont pas de note (ni zéro) et '
        "ne comptent dans aucune moyenne. Leur <code>journal.txt</code> dit pourquoi ; à "
        "noter à nouveau ou à examiner.</p>",
    ]
    if not rows:
        return [*lines, "<p>Aucun.</p>", "</section>"]
    lines += [
        '<table id="liste-erreurs">',
        '<thead><tr><th scope="col">Élève</th><th scope="col">Commit</th>'
        '<th scope="col">Erreur</th></tr></thead>',
        "<tbody>",
    ]
    for s in rows:
        why = s.errors or ["pas de total dans notes.csv"]
        lines.append(
            f'<tr><th scope="row">{esc(s.name)}</th><td><code>{esc(s.commit[:12] or "—")}</code>'
            f"</td><td>{esc(_shorten(' ; '.join(why)))}</td></tr>"
        )
    return [*lines, "</tbody>", "</table>", "</section>"]


def render(data: ClassData, exercises: Sequence[Exercise]) -> str:
    """The whole page."""
    stats = exercise_stats(data, exercises)
    body: Iterable[str] = [
        *_head(data, stats),
        "<main>",
        *_grid(data, stats),
        *_exercises(stats),
        *_distribution(data),
        # The short lists of who needs a look first, then the long one.
        *_flags(data),
        *_not_started(data),
        *_errors(data),
        *_failures(data, stats),
        "</main>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="fr">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Résultats de la classe</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def write_class_report(out: Path, exercises: Sequence[Exercise]) -> Path:
    """Read OUT/notes.csv and OUT/<eleve>/notation.json, write OUT/classe.html
    (written then renamed: a page open in a browser is never half written).
    Raises OSError or ValueError (French) when notes.csv cannot be read."""
    page = out / PAGE
    text = render(load_class(out, exercises), exercises)
    partial = page.with_name(page.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, page)
    return page


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.teacher.class_report",
        description=(
            "Écrit classe.html, la page de résultats de la classe, dans un dossier écrit par "
            "nox -s regrade (à côté de notes.csv)."
        ),
    )
    parser.add_argument("out", type=Path, metavar="DOSSIER", help="le dossier de notes.csv")
    args = parser.parse_args(argv)
    try:
        page = write_class_report(args.out, load_manifest())
    except FileNotFoundError:
        parser.error(f"pas de {NOTES} dans {args.out}")
    except (OSError, ValueError, ManifestError, csv.Error) as exc:
        parser.error(str(exc))
    print(f"Page de la classe : {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

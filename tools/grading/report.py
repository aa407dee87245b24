"""The grading report: its data, and every way it is shown.

One `Report` is built by the grader and rendered as:
- JSON (the record: kept as an artifact, read by the teacher's tools);
- a terminal table (local runs);
- a Markdown summary (GitHub's job summary, at most 1 MiB);
- the closing line: the grade and what to do next (`closing_line`), printed
  last by the grader;
- GitHub annotations: a notice titled with the grade ("Note : 65/100"), then
  one error per failing exercise, pointing at the student's own file and line
  (GitHub shows at most 10 errors per step: beyond 10, the tenth also lists
  the others).
GitHub Classroom's reporter notices ("Autograding complete", "Points X/Y")
are not emitted: nothing has read them since Classroom's web app closed
(2026-08-28), and its reporter also needed other workflow and job names.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tools.common import commands, french, timeline

SCHEMA = "asyncio-exercices/rapport/v1"
MAX_ANNOTATIONS = 10
MAX_SUMMARY_BYTES = 1024 * 1024  # GitHub's limit for one step summary

# Exercise statuses, with what a student reads.
PASSED, FAILED, ERROR, TIMEOUT = "passed", "failed", "error", "timeout"
STATUS_TEXT = {
    PASSED: "réussi",
    FAILED: "échoué",
    ERROR: "erreur",
    TIMEOUT: "temps dépassé",
}
STATUS_MARK = {PASSED: "✅", FAILED: "❌", ERROR: "💥", TIMEOUT: "⏱️"}


@dataclass
class ExerciseResult:
    id: str
    number: str
    title: str
    file: str  # the student's file, relative to the graded repository
    status: str
    points: int
    max_points: int
    passed: int
    failed: int
    total: int
    hidden_tests: bool  # the hidden tests were there and ran
    duration_s: float
    messages: list[str] = field(default_factory=list)
    # Tests not run: the first failure had decided the exercise (all or
    # nothing; tools/grading/first_failure.py).
    not_run: int = 0
    line: int = 1  # where the annotation points in the student's file
    # The statement's promises the failures name (« Promesse : E3. … »), in
    # order: what a teacher points at when a student asks why.
    broken_promises: list[str] = field(default_factory=list)
    # The first failure's timeline (tools/common/timeline.py, Comparison.to_json):
    # drawn in its message for the terminal, as a Mermaid chart in Markdown.
    timeline: dict[str, Any] | None = None

    @property
    def first_message(self) -> str:
        return self.messages[0] if self.messages else ""


@dataclass
class Report:
    grader_version: str
    token: str
    tree: str
    python: str
    platform: str
    started_at: str
    duration_s: float
    points: int
    max_points: int
    hidden_tests: bool  # every exercise ran with its hidden tests
    fingerprints: dict[str, str]
    workflow: dict[str, str] | None
    tests_source: str | None  # where the tests came from ("owner/repo@commit"), if fetched
    exercises: list[ExerciseResult]
    schema: str = SCHEMA
    warnings: list[str] = field(default_factory=list)  # what went wrong outside the exercises
    # The grading tools as installed ("pytest 9.2.0"…), those of uv.lock unless a
    # warning says otherwise (tools/common/lock.py).
    packages: list[str] = field(default_factory=list)

    @property
    def full_marks(self) -> bool:
        return all(ex.points == ex.max_points for ex in self.exercises)

    # -- JSON ---------------------------------------------------------------

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Report:
        data: dict[str, Any] = json.loads(text)
        if data.get("schema") != SCHEMA:
            raise ValueError(f"ce n'est pas un rapport {SCHEMA}")
        data["exercises"] = [ExerciseResult(**ex) for ex in data["exercises"]]
        return cls(**data)


def verify_report(path: Path, token: str) -> Report:
    """Read a report and check it is this run's: raise ValueError otherwise."""
    try:
        report = Report.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"rapport illisible ({path}) : {exc}") from exc
    if report.token != token:
        raise ValueError(f"rapport {path} : il ne vient pas de cette exécution (jeton différent)")
    if report.points != sum(ex.points for ex in report.exercises):
        raise ValueError(f"rapport {path} : le total ne correspond pas aux exercices")
    return report


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- where in the student's file ---------------------------------------------

_FRAME = re.compile(r"(?:^|[\s/\\])([\w.-]+\.py), ligne (\d+)")
_SYNTAX = re.compile(r"erreur de syntaxe ligne (\d+)")
_CALL_LINE = re.compile(r"Appel\s*:(.*)")
_CALLED = re.compile(r"([A-Za-z_]\w*)\(")
_FUNCTION_NAMED = re.compile(r"(?:fonction|coroutine) (\w+)|(\w+) n'est pas")


def line_in_student_file(source: Path, messages: list[str]) -> int:
    """The line a failure is best shown on: a line of the student's file named
    in a traceback, the syntax error's line, else the `def` of the function
    the failing call named, else line 1."""
    for message in messages:
        syntax = _SYNTAX.search(message)
        if syntax:
            return int(syntax[1])
        for name, line in _FRAME.findall(message):
            if name == source.name:
                return int(line)
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return 1
    definitions = {
        node.name: node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for message in messages:
        names = [name for call in _CALL_LINE.findall(message) for name in _CALLED.findall(call)]
        names += [a or b for a, b in _FUNCTION_NAMED.findall(message)]
        for name in names:
            if name in definitions:
                return definitions[name]
    return 1


# -- text for people -----------------------------------------------------------


_SAME_FAILURE_LINES = re.compile(r"^\s*(?:Conseil|Promesse)\s*:.*$", re.MULTILINE)


_PROMISE = re.compile(r"^\s*Promesse\s*:\s*([EC]\d+)\.", re.MULTILINE)


def broken_promises(messages: list[str]) -> list[str]:
    """The ids of the promises named by `messages`, first seen first."""
    found: list[str] = []
    for message in messages:
        found += [i for i in _PROMISE.findall(message) if i not in found]
    return found


def distinct_failures(messages: list[str]) -> list[str]:
    """One message per distinct failure, in order of first appearance.

    Two failing tests say the same thing when their first line, their advice
    and the promise they name agree (their calls and random inputs may
    differ): the first message is kept, with how many tests said it."""
    kept: dict[tuple[str, ...], list[str]] = {}
    for message in messages:
        key = (headline(message), *_SAME_FAILURE_LINES.findall(message))
        kept.setdefault(key, []).append(message)
    return [
        same[0] if len(same) == 1 else f"{same[0]}\n  (la même erreur, vue par {len(same)} tests)"
        for same in kept.values()
    ]


def headline(message: str) -> str:
    """The first line of a failure message, without the "[NN · titre]" prefix."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return re.sub(r"^\[\d{2} · [^\]]*\]\s*", "", first)


def _notes(report: Report) -> list[str]:
    notes = list(report.warnings)
    if not report.hidden_tests:
        notes.append(
            "Tests cachés absents : la note est calculée sur les tests publics seulement. "
            "Elle est provisoire ; la note finale vient de la correction de l'enseignant."
        )
    return notes


def terminal_text(report: Report, *, details: bool = True, encoding: str | None = "utf-8") -> str:
    lines = [
        f"Notation de {report.tree} — Python {report.python}",
        "",
        f" {'#':<3} {'Exercice':<56} {'Points':>7} {'Tests':>7}  Statut",
    ]
    for ex in report.exercises:
        title = ex.title if len(ex.title) <= 56 else ex.title[:55] + "…"
        lines.append(
            f" {ex.number:<3} {title:<56} {f'{ex.points}/{ex.max_points}':>7} "
            f"{f'{ex.passed}/{ex.total}':>7}  {STATUS_TEXT[ex.status]}"
        )
    done = sum(ex.status == PASSED for ex in report.exercises)
    lines += [
        "",
        f"Total : {report.points}/{report.max_points} points — "
        f"{done}/{len(report.exercises)} exercice(s) réussi(s) "
        f"en {french.decimal(report.duration_s, 1)} s",
    ]
    lines += _notes(report)
    if details:
        for ex in report.exercises:
            if ex.status == PASSED or not ex.messages:
                continue
            first = timeline.redrawn(ex.messages[0], ex.timeline, encoding)
            lines += ["", f"— {ex.number} · {ex.title} ({ex.file}) —", first]
            others = len(ex.messages) - 1
            if others:
                lines.append(
                    f"  (+ {others} autre(s) erreur(s) : "
                    f"{commands.everything(ex.number)} pour tout voir)"
                )
            if ex.not_run:
                lines.append(f"  ({not_run_note(ex)})")
    return "\n".join(lines) + "\n"


def not_run_note(ex: ExerciseResult) -> str:
    """Why some tests did not run, and how to run them all."""
    return (
        f"{ex.not_run} autre(s) test(s) non lancé(s) : ce premier échec suffit, l'exercice "
        f"vaut 0 (tout ou rien) ; {commands.everything(ex.number)} les lance tous"
    )


def first_to_fix(report: Report) -> ExerciseResult | None:
    """The first exercise, in the course's order, that did not earn its points."""
    return next((ex for ex in report.exercises if ex.status != PASSED), None)


def next_step(
    report: Report,
    *,
    github: bool = False,
    complete: bool = True,
    following: tuple[str, str] | None = None,
) -> str:
    """What to do after this grading, in one sentence or two.

    `complete`: every exercise of the manifest was graded. `following`: when
    every graded exercise passed but others remain, the (number, title) of
    the next one to work on, if known. `github`: the work was pushed already."""
    failing = first_to_fix(report)
    if failing is not None:
        number = failing.number
        return (
            f"À corriger ensuite : {number} · {failing.title}. "
            f"Relance-le avec {commands.run_one(number)} ; un indice : {commands.hint(number)}"
        )
    if following is not None:
        number, title = following
        return (
            f"Réussi. Exercice suivant : {number} · {title}. "
            f"Lance-le avec {commands.run_one(number)} ; un indice : {commands.hint(number)}"
        )
    if not complete:
        return f"Réussi. La note de tous les exercices : {commands.grade_all()}"
    if github:
        return "Tous les exercices sont réussis, bravo !"
    return (
        "Tous les exercices sont réussis, bravo ! Pousse ton travail "
        "(git add exercises, git commit, git push) : GitHub le notera aussi."
    )


def closing_line(report: Report, **how: Any) -> str:
    """The last line of a grading: the grade, then `next_step` (same options)."""
    return f"Note : {report.points}/{report.max_points}. {next_step(report, **how)}"


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|").replace("<", "&lt;")


def _chart(ex: ExerciseResult) -> list[str]:
    """The first failure's timeline as a Mermaid gantt chart, if it has one."""
    if ex.timeline is None:
        return []
    try:
        comparison = timeline.Comparison.from_json(ex.timeline)
    except (KeyError, TypeError, ValueError):
        return []
    return ["", comparison.mermaid(f"{ex.number} · {ex.title}"), ""]


def markdown_summary(report: Report, then: str | None = None) -> str:
    """`then`: what to do next (`next_step`), shown under the grade."""
    lines = [
        f"## Note : {report.points}/{report.max_points}",
        "",
    ]
    if then:
        lines += [_cell(then, 400), ""]
    for note in _notes(report):
        lines += [f"> [!WARNING]\n> {note}", ""]
    lines += [
        "| # | Exercice | Points | Statut | Premier message |",
        "|---|---|---:|---|---|",
    ]
    for ex in report.exercises:
        status = f"{STATUS_MARK[ex.status]} {STATUS_TEXT[ex.status]}"
        lines.append(
            f"| {ex.number} | {_cell(ex.title, 80)} | {ex.points}/{ex.max_points} | "
            f"{status} | {_cell(headline(ex.first_message))} |"
        )
    details = []
    for ex in report.exercises:
        if ex.status == PASSED or not ex.messages:
            continue
        # The timeline as a chart, GitHub draws Mermaid: not as text too.
        shown = [timeline.without_drawing(ex.messages[0]), *ex.messages[1:5]]
        body = "\n\n".join(shown).replace("```", "'''")
        if ex.not_run:
            body += f"\n\n({not_run_note(ex)})"
        details += [
            "",
            f"<details><summary>{ex.number} · {_cell(ex.title, 80)} — {ex.file}</summary>",
            "",
            "```text",
            body,
            "```",
            *_chart(ex),
            "</details>",
        ]
    source = f"tests de {report.tests_source}" if report.tests_source else "tests du dépôt"
    footer = [
        "",
        f"{source} · Python {report.python} · {report.platform} · "
        f"noté en {french.decimal(report.duration_s, 1)} s · correcteur {report.grader_version}",
    ]
    if report.packages:
        footer.append(f"\noutils de notation : {', '.join(report.packages)}")
    text = "\n".join(lines + details + footer) + "\n"
    if len(text.encode("utf-8")) > MAX_SUMMARY_BYTES:  # only the table then
        text = "\n".join(lines + footer) + "\n"
    return text


# -- GitHub workflow commands ---------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_commands(
    report: Report, closing: str | None = None, *, graded: bool = True
) -> list[str]:
    """The grade as a notice (or, when the grading could not be done, only an
    error saying so), one error annotation per failing exercise (at most
    MAX_ANNOTATIONS: the last one shown also lists the others), then the
    legacy Classroom notices."""
    closing = closing if closing is not None else closing_line(report, github=True)
    if not graded:  # no grade to show: its zeros are not the student's
        return [f"::error title=Notation impossible::{_escape_data(closing)}"]
    grade = f"Note : {report.points}/{report.max_points}"
    out = [f"::notice title={_escape_property(grade)}::{_escape_data(closing)}"]
    failing = [ex for ex in report.exercises if ex.status != PASSED]
    shown = failing[:MAX_ANNOTATIONS]
    hidden = failing[MAX_ANNOTATIONS:]
    for ex in shown:
        title = f"{ex.number} · {ex.title} : {STATUS_TEXT[ex.status]} ({ex.points}/{ex.max_points})"
        message = ex.first_message or title
        if ex is shown[-1] and hidden:
            # GitHub would drop the others: they are listed here instead.
            title += f" — et {len(hidden)} autre(s) exercice(s)"
            message += (
                f"\n\nÀ corriger aussi ({len(hidden)} exercice(s) de plus, que GitHub "
                f"n'annote pas au-delà de {MAX_ANNOTATIONS}) :\n"
                + "\n".join(
                    f"- {other.number} · {other.title} ({other.file}) : "
                    f"{STATUS_TEXT[other.status]} ({other.points}/{other.max_points})"
                    f"{' — ' + headline(other.first_message) if other.first_message else ''}"
                    for other in hidden
                )
                + "\nLe détail de chacun est dans le résumé de l'exécution."
            )
        out.append(
            f"::error file={_escape_property(ex.file)},line={ex.line},"
            f"title={_escape_property(title)}::{_escape_data(message)}"
        )
    return out

"""What a student reads after `nox`: one verdict per exercise, in French.

pytest's own report is made for developers: an English header, a letter per
test, every failure in full, an English warnings summary and a count of
tests. A beginner running eleven exercises drowns in it. With `--eleve`
(what the student's default nox session passes), this plugin quiets pytest's
terminal and prints instead, as soon as each exercise's tests are done:

    ✘ 01 · Une première coroutine qui attend sans bloquer — 2 tests sur 3 en échec
      Les deux salutations ne se sont pas déroulées en même temps.
        Appel    : …
        Observé  : …
      (+ 1 autre test en échec : nox -- 01 --complet pour tout voir)

that is, the exercise's verdict and its first failure only (the French message
the tests wrote; the exercise's later tests do not even run,
tools/grading/first_failure.py), then a last line with the count; the progress table
(tools/student/progress.py) follows. Tests are reordered exercise by exercise
(public tests first) so that each verdict comes as early as it can.

Anything pytest says that is not a test's verdict (a collection error, an
internal error, an interruption) is still printed by pytest. `--complet`
(or plain `pytest`) gives pytest's full report, as a teacher would want it.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tools.common import commands, french, timeline
from tools.common.manifest import Exercise, ManifestError, exercise_for_test_file, load_manifest
from tools.common.timeline import TIMELINE_PROPERTY, Comparison
from tools.grading.test_order import DECIDED_REASON

INDENT = "  "


def _marks(encoding: str | None) -> tuple[str, str]:
    """✔/✘ where the console can show them, else ASCII."""
    try:
        "✔✘".encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return "OK", "X "
    return "✔", "✘"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def message_body(text: str) -> list[str]:
    """A test's failure message without its "[NN · titre]" prefix (the
    verdict line already names the exercise)."""
    lines = text.strip("\n").splitlines() or ["(échec sans message)"]
    first = lines[0]
    if first.startswith("[") and "] " in first:
        first = first.split("] ", 1)[1]
    return [first, *lines[1:]]


@dataclass
class _Exercise:
    exercise: Exercise
    expected: int = 0  # tests collected
    done: set[str] = field(default_factory=set)  # node ids whose last phase ended
    failures: list[str] = field(default_factory=list)  # messages, in order
    failed_ids: set[str] = field(default_factory=set)
    not_run: int = 0  # skipped once the first failure had decided the exercise
    printed: bool = False
    timeline: dict[str, Any] | None = None  # the first a passing test drew


def passing_timeline(report: pytest.TestReport) -> dict[str, Any] | None:
    """The timeline a passing test drew (conftest.py puts it in the report)."""
    if report.when != "call" or not report.passed:
        return None
    data = dict(report.user_properties).get(TIMELINE_PROPERTY)
    return data if isinstance(data, dict) else None


def drawing(data: dict[str, Any], encoding: str | None) -> list[str]:
    try:
        return Comparison.from_json(data).text(encoding=encoding).splitlines()
    except (KeyError, TypeError, ValueError):
        return []


class StudentReport:
    """pytest plugin, registered by conftest.py with `--eleve`."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.exercises: dict[str, _Exercise] = {}
        self.others: list[pytest.TestReport] = []  # failures outside any exercise
        self.start = time.perf_counter()
        stream = getattr(sys.stdout, "encoding", None)
        self.passed_mark, self.failed_mark = _marks(stream)
        self.drew = False  # a failure of this run has drawn its timeline

    # -- quiet pytest's own terminal -------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        config.option.verbose = min(config.option.verbose, -2)  # no count of tests either
        config.option.no_header = True
        config.option.no_summary = True
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and hasattr(reporter, "_show_progress_info"):
            reporter._show_progress_info = False  # no "[ 42%]" after nothing

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(
        self, report: pytest.TestReport | pytest.CollectReport
    ) -> tuple[str, str, str] | None:
        """No letter per test: the category keeps pytest's counts right."""
        if not isinstance(report, pytest.TestReport):
            return None
        if report.passed:
            return ("passed" if report.when == "call" else "", "", "")
        if report.failed:
            return ("failed" if report.when == "call" else "error", "", "")
        return ("skipped", "", "")

    # -- one exercise after the other ------------------------------------------------

    def _exercise_of(self, path: Path) -> Exercise | None:
        try:
            return exercise_for_test_file(path)
        except ManifestError:
            return None

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        order = {ex.id: index for index, ex in enumerate(load_manifest())}

        def key(item: pytest.Item) -> tuple[int, int]:
            exercise = self._exercise_of(item.path)
            rank = order.get(exercise.id, len(order)) if exercise else len(order)
            return (rank, 0 if "public" in item.path.parts else 1)

        items.sort(key=key)  # stable: each file keeps its own order

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            exercise = self._exercise_of(item.path)
            if exercise is not None:
                entry = self.exercises.setdefault(exercise.id, _Exercise(exercise))
                entry.expected += 1

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A test file that cannot even be read (its summary is quieted)."""
        if report.failed:
            writer = self.config.get_terminal_writer()
            writer.line(f"{self.failed_mark} Impossible de lire les tests de {report.nodeid} :")
            writer.line(INDENT + report.longreprtext.replace("\n", "\n" + INDENT))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        exercise = self._exercise_of(Path(report.fspath))
        if exercise is None or exercise.id not in self.exercises:
            if report.failed:
                self.others.append(report)
            return
        entry = self.exercises[exercise.id]
        if entry.timeline is None:
            entry.timeline = passing_timeline(report)
        if report.failed and report.nodeid not in entry.failed_ids:
            entry.failed_ids.add(report.nodeid)
            entry.failures.append(report.longreprtext)
        if report.skipped and DECIDED_REASON in report.longreprtext:
            entry.not_run += 1
        if report.when == "teardown":
            entry.done.add(report.nodeid)
            if len(entry.done) == entry.expected:
                self._print(entry)

    def _print(self, entry: _Exercise) -> None:
        entry.printed = True
        writer = self.config.get_terminal_writer()
        exercise = entry.exercise
        name = f"{exercise.number} · {exercise.title}"
        if not entry.failures:
            writer.line(f"{self.passed_mark} {name} — réussi ({_plural(entry.expected, 'test')})")
            if self.config.getoption("--chronologie") and entry.timeline is not None:
                encoding = getattr(sys.stdout, "encoding", None)
                for line in drawing(entry.timeline, encoding):
                    writer.line(INDENT + line)
                writer.line("")
            return
        failed = len(entry.failed_ids)
        # The tests after the first failure did not run (tools/grading/first_failure.py).
        not_run = f", {entry.not_run} non lancé{'s' if entry.not_run > 1 else ''}"
        writer.line(
            f"{self.failed_mark} {name} — {failed} test{'s' if failed > 1 else ''} sur "
            f"{entry.expected} en échec{not_run if entry.not_run else ''}",
            bold=True,
        )
        first = entry.failures[0]
        if self.drew and timeline.without_drawing(first) != first:
            # One picture per run: on a first run, eight exercises would each
            # draw theirs under the last. The others are one command away.
            first = timeline.without_drawing(first) + (
                f"\n  (pour voir sa chronologie : {commands.run_one(exercise.number)})"
            )
        elif timeline.without_drawing(first) != first:
            self.drew = True
        for line in message_body(first):
            writer.line(INDENT + line)
        if failed > 1:
            others = failed - 1
            writer.line(
                f"{INDENT}(+ {others} autre{'s' if others > 1 else ''} test"
                f"{'s' if others > 1 else ''} en échec : {commands.everything(exercise.number)} "
                "pour tout voir)"
            )
        writer.line("")

    # -- the end -----------------------------------------------------------------------

    def pytest_unconfigure(self) -> None:
        """Once the tests are over, what is left of the student's code (an unclosed
        socket, a task never finished, a coroutine never awaited) is collected
        and Python would report it in English, after the verdicts: the tests
        already judged it, with their own messages."""
        warnings.filterwarnings("ignore", category=ResourceWarning)
        warnings.filterwarnings("ignore", message="coroutine .* was never awaited")
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    def pytest_terminal_summary(self) -> None:
        writer = self.config.get_terminal_writer()
        for entry in self.exercises.values():
            if not entry.printed and entry.done:  # stopped early (-x, Ctrl+C)
                self._print(entry)
        for report in self.others:
            writer.line(f"{self.failed_mark} {report.nodeid}")
            writer.line(INDENT + report.longreprtext.replace("\n", "\n" + INDENT))
        finished = [e for e in self.exercises.values() if e.printed]
        passed = sum(not e.failures for e in finished)
        tests = sum(len(e.done) for e in finished)
        failed = sum(len(e.failed_ids) for e in finished)
        elapsed = french.decimal(time.perf_counter() - self.start, 1)
        writer.line(
            f"Bilan : {passed} exercice{'s' if passed > 1 else ''} réussi"
            f"{'s' if passed > 1 else ''} sur {len(finished)} lancé"
            f"{'s' if len(finished) > 1 else ''} ; {failed} test{'s' if failed > 1 else ''} "
            f"en échec sur {tests} ; {elapsed} s."
        )


class PassingTimelines:
    """pytest plugin, registered by conftest.py with `--chronologie` without
    `--eleve` (`nox -s tests -- 02 --chronologie`, plain pytest): the
    timeline of each passing test that drew one, after pytest's report.
    A failing test's message has its own already."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.drawn: list[tuple[str, dict[str, Any]]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        data = passing_timeline(report)
        if data is not None:
            self.drawn.append((report.nodeid, data))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.drawn:
            return
        terminalreporter.section("chronologies des tests réussis")
        encoding = getattr(sys.stdout, "encoding", None)
        for nodeid, data in self.drawn:
            terminalreporter.write_line(nodeid)
            for line in drawing(data, encoding):
                terminalreporter.write_line(INDENT + line)

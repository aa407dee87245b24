"""The pytest plugin that records where the student stands after each run.

Registered by conftest.py for runs on the student's own tree; what it records
and prints is explained in tools/student/progress.py, which has no pytest in
it (the hint command reads it with nox's own Python).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from tools.common.manifest import ManifestError, exercise_for_test_file, load_manifest
from tools.common.paths import HIDDEN_TESTS, PUBLIC_TESTS
from tools.student.progress import save_verdicts, states, summary_lines


class ProgressReporter:
    """pytest plugin: the verdict of every exercise whose tests all ran, then
    the summary at the end of the run (registered by conftest.py for runs on
    the student's own tree)."""

    def __init__(self, tree: Path, mode: str = "complete") -> None:
        self.tree = tree
        self.mode = mode  # "complete": every exercise; "courte": the first line; "non"
        self.selected: Counter[str] = Counter()
        self.deselected: set[str] = set()
        self.passed: Counter[str] = Counter()
        self.failed: set[str] = set()

    @staticmethod
    def exercise_of(item_path: Path) -> str | None:
        try:
            return exercise_for_test_file(item_path).id
        except ManifestError:
            return None  # not an exercise's test file (e.g. the teacher's unit tests)

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        for item in items:
            exercise_id = self.exercise_of(item.path)
            if exercise_id:
                self.deselected.add(exercise_id)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        files: defaultdict[str, set[Path]] = defaultdict(set)
        for item in session.items:
            exercise_id = self.exercise_of(item.path)
            if exercise_id:
                self.selected[exercise_id] += 1
                files[exercise_id].add(item.path.resolve())
        # A run of some of an exercise's tests (one file, node ids given as
        # arguments, as VS Code does) may fail it, never pass it.
        narrowed = any("::" in arg for arg in session.config.args)
        for exercise_id, seen in files.items():
            every_file = {
                (folder / f"test_{exercise_id}.py").resolve()
                for folder in (PUBLIC_TESTS, HIDDEN_TESTS)
                if (folder / f"test_{exercise_id}.py").is_file()
            }
            if narrowed or not every_file <= seen:
                self.deselected.add(exercise_id)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        exercise_id = self.exercise_of(Path(report.fspath))
        if exercise_id is None:
            return
        if report.failed:
            self.failed.add(exercise_id)
        elif report.when == "call" or (report.when == "setup" and report.skipped):
            self.passed[exercise_id] += 1  # a skipped test does not hold an exercise back

    def verdicts(self) -> dict[str, bool]:
        found = {exercise_id: False for exercise_id in self.failed}
        for exercise_id, count in self.selected.items():
            complete = exercise_id not in self.deselected and self.passed[exercise_id] == count
            if exercise_id not in self.failed and complete:
                found[exercise_id] = True
        return found

    def pytest_sessionfinish(self) -> None:
        verdicts = self.verdicts()
        if verdicts:
            save_verdicts(verdicts, self.tree)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Printed last, under pytest's own count of passed and failed tests:
        the line a student reads before the next try."""
        if not self.selected or self.mode == "non":
            return
        exercises = load_manifest()
        lines = summary_lines(exercises, states(exercises, self.tree))
        writer = config.get_terminal_writer()
        if self.mode == "courte":
            writer.line(lines[0])
            return
        writer.sep("-", "progression")
        for line in lines:
            writer.line(line)

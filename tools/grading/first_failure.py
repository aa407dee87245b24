"""pytest plugin: an exercise is decided by its first failing test.

Points are all or nothing per exercise: once one of its tests failed, the
others cannot change the verdict, they only make the student wait (a wrong
answer waits out each test's patience). conftest.py registers this plugin on
every run; it

1. orders each exercise's tests as tests/hidden/ordre.py says
   (tools/grading/test_order.py): that file is learned by
   `python -m tools.maintainer.learn_order` from every wrong answer
   the project knows (the stub, the mutants), so that the tests that catch
   the most mistakes in the least time come first. A test the file does not
   name runs after those it names, in pytest's order; without the file (a
   student's clone has no hidden tests) pytest's order stays;
2. unless `--tous-les-tests`, skips the exercise's remaining tests once
   one of them failed, with
   DECIDED_REASON: the results file records them as NOT_RUN, and the grader
   and the student's report leave them out of the failures they show.

A correct answer runs every test: its verdict and its time do not change.
A wrong answer gets the same 0 and one failure message (the first), sooner.
Only the tests of exercises (tests/public, tests/hidden) are concerned: the
project's own unit tests run as pytest runs them. pytest's `-x` cannot do
this: it stops the whole run, every later exercise with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tools.grading.test_order import (
    DECIDED_REASON,
    OPTION,
    exercise_file,
    exercise_id,
    load_order,
    test_key,
)

if TYPE_CHECKING:
    from _pytest.config.argparsing import OptionGroup


def ordered(items: list[pytest.Item], order: Mapping[str, Sequence[str]]) -> list[pytest.Item]:
    """Each exercise's tests in the learned order, in the place where the
    exercise's first test was; everything else where it was."""
    rank = {
        (exercise, key): position
        for exercise, keys in order.items()
        for position, key in enumerate(keys)
    }
    groups: dict[str, list[pytest.Item]] = {}
    slots: list[pytest.Item | str] = []
    for item in items:
        file_name = exercise_file(item.path)
        if file_name is None:
            slots.append(item)
            continue
        if file_name not in groups:
            groups[file_name] = []
            slots.append(file_name)
        groups[file_name].append(item)
    for file_name, group in groups.items():
        exercise = exercise_id(file_name)
        last = len(rank)
        group.sort(key=lambda item: rank.get((exercise, test_key(item.path, item.name)), last))
    result: list[pytest.Item] = []
    for slot in slots:
        result.extend(groups[slot] if isinstance(slot, str) else [slot])
    return result


class FirstFailure:
    """Registered by conftest.py; with `--tous-les-tests` it only orders."""

    def __init__(self, order: Mapping[str, Sequence[str]], decide: bool = True) -> None:
        self.order = order
        self.decide = decide  # False with --tous-les-tests: the order only
        self.failed: set[str] = set()  # exercise test file names
        self.not_run = 0

    # After the other plugins' reorderings (the student's report groups the
    # exercises): this one only reorders inside each exercise.
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items[:] = ordered(items, self.order)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if self.decide and exercise_file(item.path) in self.failed:
            pytest.skip(DECIDED_REASON)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        file_name = exercise_file(Path(report.fspath))
        if report.failed and file_name is not None:
            self.failed.add(file_name)
        if report.skipped and DECIDED_REASON in report.longreprtext:
            self.not_run += 1

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """pytest counts them as "skipped": say why, in French (the student's
        report, --eleve, says it on each exercise's line and quiets this)."""
        if self.not_run and not terminalreporter.config.option.no_summary:
            terminalreporter.write_line(
                f"{self.not_run} test(s) non lancé(s) (« skipped ») : dans chaque exercice, le "
                f"premier échec suffit, tout ou rien ; {OPTION} les lance tous."
            )


def register(config: pytest.Config) -> None:
    decide = not config.getoption(OPTION)
    config.pluginmanager.register(FirstFailure(load_order(), decide), "premier-echec")


def add_option(group: OptionGroup) -> None:
    group.addoption(
        OPTION,
        action="store_true",
        help="lance tous les tests d'un exercice, même après son premier échec "
        "(par défaut, le premier échec décide : tout ou rien)",
    )

"""pytest plugin for the self-check: each test file stops at its first failure.

    python -m pytest -p tools.maintainer.first_failure_plugin …

On the Pythons where an exercise's wrong and right answers are not graded
(`selfcheck --part`), the self-check only needs to know that its stub fails
at least one public and one hidden test: the rest of each file is skipped
once one of its tests failed, instead of running every test of an untouched
stub to its patience. pytest's own -x stops the whole session, hence this.
"""

from __future__ import annotations

import pytest

REASON = "déjà en échec dans ce fichier (auto-vérification : le premier échec suffit)"


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


class FirstFailurePerFile:
    def __init__(self) -> None:
        self.failed: set[str] = set()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if _file_of(item.nodeid) in self.failed:
            pytest.skip(REASON)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed.add(_file_of(report.nodeid))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(FirstFailurePerFile(), "first-failure-per-file")

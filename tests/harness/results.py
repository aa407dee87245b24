"""A pytest plugin that writes each test's outcome to a JSON file.

The self-check (and later the grader) reads results from this file, never from
pytest's exit code: a student's `os._exit(0)` can fake an exit code, not a
file listing every test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.harness.paths import HIDDEN_TESTS


@dataclass(frozen=True)
class CaseResult:
    nodeid: str
    exercise: str
    hidden: bool
    outcome: str  # "passed", "failed" or "skipped"
    message: str

    @property
    def name(self) -> str:
        """The test function's name, without the file and parameters."""
        return self.nodeid.split("::")[-1].split("[")[0]


class ResultsRecorder:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.tests: list[dict[str, Any]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # One entry per test: its call phase, or the setup/teardown phase that
        # failed or skipped it.
        if report.when != "call" and report.passed:
            return
        path = Path(report.fspath)
        self.tests.append(
            {
                "nodeid": report.nodeid,
                "exercise": path.stem.removeprefix("test_"),
                "hidden": path.parent.resolve() == HIDDEN_TESTS.resolve(),
                "outcome": report.outcome,
                "message": report.longreprtext[:4000],
            }
        )

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        # A test file that cannot even be collected fails as a whole.
        if report.failed:
            path = Path(report.fspath)
            self.tests.append(
                {
                    "nodeid": report.nodeid,
                    "exercise": path.stem.removeprefix("test_"),
                    "hidden": path.parent.resolve() == HIDDEN_TESTS.resolve(),
                    "outcome": "failed",
                    "message": str(report.longrepr)[:4000],
                }
            )

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        payload = {"exitstatus": int(exitstatus), "tests": self.tests}
        self.target.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def read_results(path: Path) -> list[CaseResult]:
    data = json.loads(path.read_text(encoding="utf-8"))
    results: dict[str, CaseResult] = {}
    for raw in data["tests"]:
        result = CaseResult(
            raw["nodeid"], raw["exercise"], raw["hidden"], raw["outcome"], raw["message"]
        )
        # A test that passed its call but failed its teardown has failed.
        if raw["nodeid"] not in results or result.outcome != "passed":
            results[raw["nodeid"]] = result
    return list(results.values())

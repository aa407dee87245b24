"""A pytest plugin that writes each test's outcome to a JSON file.

The self-check and the grader read results from this file, never from
pytest's exit code: a student's `os._exit(0)` can fake an exit code, not a
file listing every test. The file is rewritten after every test, so a run that
is killed (a hang, `os._exit` in the middle of a test) still tells which tests
had finished; `complete` is true only once the session ended normally.

When the grader starts pytest it hands it a secret per-run token in a file
that conftest.py reads and deletes before any student code is imported (an
environment variable or a command-line argument would stay readable in
/proc). The recorder signs every version of the file with it (HMAC-SHA256)
and never writes the token itself: a file left by an earlier run, or written
by student code, fails the check and the grader rejects it. Code determined
enough to dig the token out of the test process's memory could still forge
it; the teacher's re-grade compares fingerprints for that reason.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.common.paths import HIDDEN_TESTS
from tools.common.timeline import TIMELINE_PROPERTY
from tools.grading.test_order import DECIDED_REASON, NOT_RUN

if TYPE_CHECKING:  # the grader reads results without importing pytest
    import pytest

TOKEN_FILE_VARIABLE = "ASYNCIO_EXERCICES_TOKEN_FILE"


def take_run_token() -> str | None:
    """Read the grader's token and delete the file it came in."""
    path = os.environ.pop(TOKEN_FILE_VARIABLE, None)
    if not path:
        return None
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
        Path(path).unlink()
    except OSError:
        return None
    return token or None


def signature(token: str, payload: dict[str, Any]) -> str:
    content = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hmac.new(token.encode("utf-8"), content, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CaseResult:
    nodeid: str
    exercise: str
    hidden: bool
    # "passed", "failed", "skipped", or "not_run": skipped because an earlier
    # test of its exercise had failed (tools/grading/first_failure.py).
    outcome: str
    message: str
    # The statement's promises it checks (its `exigence` markers: E1, C2…).
    requirements: tuple[str, ...] = ()
    duration_s: float = 0.0  # setup and call (what tools/maintainer/learn_order.py weighs)
    # What the student's code did, drawn by the test (tools/common/timeline.py,
    # Comparison.to_json), if it drew it.
    timeline: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        """The test function's name, without the file and parameters."""
        return self.nodeid.split("::")[-1].split("[")[0]


@dataclass(frozen=True)
class RunResults:
    """Everything one pytest run recorded."""

    cases: list[CaseResult]
    collected: int | None  # None if collection never finished
    complete: bool  # the session ended normally (not killed, not os._exit)
    trusted: bool  # signed with the token the caller expected
    exitstatus: int | None


class ResultsRecorder:
    def __init__(self, target: Path, token: str | None = None) -> None:
        self.target = target
        self._token = token
        self.tests: list[dict[str, Any]] = []
        self.collected: int | None = None
        self.requirements: dict[str, list[str]] = {}
        self.setup_s: dict[str, float] = {}
        # A file from an earlier run must not be mistaken for this one's.
        target.unlink(missing_ok=True)
        self._write(complete=False, exitstatus=None)

    def _write(self, *, complete: bool, exitstatus: int | None) -> None:
        payload: dict[str, Any] = {
            "collected": self.collected,
            "complete": complete,
            "exitstatus": exitstatus,
            "tests": self.tests,
        }
        if self._token:
            payload["signature"] = signature(self._token, payload)
        # Write then rename: a kill in the middle never leaves half a file.
        partial = self.target.with_name(self.target.name + ".partial")
        partial.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, self.target)

    def _add(
        self,
        nodeid: str,
        fspath: str,
        outcome: str,
        message: str,
        duration: float = 0.0,
        timeline: dict[str, Any] | None = None,
    ) -> None:
        path = Path(fspath)
        self.tests.append(
            {
                "nodeid": nodeid,
                "exercise": path.stem.removeprefix("test_"),
                "hidden": path.parent.name == HIDDEN_TESTS.name,
                "outcome": outcome,
                "message": message[:4000],
                "requirements": self.requirements.get(nodeid, []),
                "duration_s": round(duration, 4),
                "timeline": timeline,
            }
        )
        self._write(complete=False, exitstatus=None)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected = len(session.items)
        self.requirements = {
            item.nodeid: [str(i) for m in item.iter_markers("exigence") for i in m.args]
            for item in session.items
        }
        self._write(complete=False, exitstatus=None)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # One entry per test: its call phase, or the setup/teardown phase that
        # failed or skipped it.
        if report.when == "setup" and report.passed:
            self.setup_s[report.nodeid] = report.duration
            return
        if report.when != "call" and report.passed:
            return
        # Not run: an earlier test of its exercise had failed (tools/grading/first_failure.py).
        decided = report.skipped and DECIDED_REASON in report.longreprtext
        outcome = NOT_RUN if decided else report.outcome
        duration = self.setup_s.pop(report.nodeid, 0.0) + report.duration
        timeline = dict(report.user_properties).get(TIMELINE_PROPERTY)
        self._add(
            report.nodeid, report.fspath, outcome, report.longreprtext, duration,
            timeline if isinstance(timeline, dict) else None,
        )  # fmt: skip

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        # A test file that cannot even be collected fails as a whole.
        if report.failed:
            self._add(report.nodeid, report.fspath, "failed", str(report.longrepr))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._write(complete=True, exitstatus=int(exitstatus))


def load_run(path: Path, token: str | None = None) -> RunResults:
    """Read a results file; `trusted` says whether `token` signed it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    claimed = data.pop("signature", None)
    trusted = (
        token is not None
        and isinstance(claimed, str)
        and hmac.compare_digest(claimed, signature(token, data))
    )
    results: dict[str, CaseResult] = {}
    for raw in data["tests"]:
        result = CaseResult(
            raw["nodeid"],
            raw["exercise"],
            raw["hidden"],
            raw["outcome"],
            raw["message"],
            tuple(raw.get("requirements", ())),
            float(raw.get("duration_s", 0.0)),
            raw.get("timeline") if isinstance(raw.get("timeline"), dict) else None,
        )
        # A test that passed its call but failed its teardown has failed.
        if raw["nodeid"] not in results or result.outcome != "passed":
            results[raw["nodeid"]] = result
    return RunResults(
        cases=list(results.values()),
        collected=data.get("collected"),
        complete=bool(data.get("complete")),
        trusted=trusted,
        exitstatus=data.get("exitstatus"),
    )


def read_results(path: Path) -> list[CaseResult]:
    return load_run(path).cases

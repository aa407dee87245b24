"""pytest plugin for Classroom 50: an exercise counts only when all its tests pass.

Classroom 50 (foundation50/classroom50) scores a `python` test from the JSON
report of pytest-json-report: `round(points × summary.passed / summary.total)`,
capped at points − 1 unless every case passed (runner.py, `_grade_python`).
Our exercises are all-or-nothing: an untouched stub already passes some tests
(right results, computed sequentially) and must earn nothing. Loaded with
`-p tools.grading.all_or_nothing`, this plugin rewrites the report's `summary`
so that it counts the exercise as one case, passed only when every one of its
tests passed. Nothing is hidden: `tests` keeps each test with its own outcome
and message, the original counts move to `pytest_summary`, and a French note
(in the report and in the terminal output the student sees) states the rule.

The first failing test decides the exercise: the plugin then stops the run
(the rest cannot change a 0), which keeps a submission that hangs in every
exercise within Classroom 50's 15-minute job and puts the one failure that
matters first in the output the release shows.

It also writes a provisional report (0 of 1 passed) as soon as pytest starts:
if the process then dies without writing its final report (`os._exit(0)` in
the student's code, a hang guard that ends the process), Classroom 50 reads
that file instead of falling back to the exit code, which would be 0.

The plugin does nothing unless pytest-json-report is installed and
`--json-report` is on the command line (Classroom 50 appends it).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

RULE = (
    "Classroom 50 : un exercice ne rapporte ses points que si tous ses tests passent ; "
    "un seul test en échec et l'exercice vaut 0."
)
# Classroom 50 prints "pytest: X/Y cases passed" from the summary rewritten below.
CASE_NOTE = (
    "Dans le tableau de Classroom 50, l'exercice entier compte pour un seul cas : "
    "« 1/1 cases passed » s'il est validé, « 0/1 » sinon."
)
PROVISIONAL_REASON = (
    "pytest ne s'est pas terminé normalement : son rapport final n'a jamais été écrit "
    "(processus arrêté brutalement, par exemple par os._exit ou un blocage)."
)

# What pytest prints ("!!! … !!!") when the first failure stops the run.
STOP_TEXT = "premier échec : l'exercice vaut 0 (tout ou rien), ses autres tests ne sont pas lancés"

# Outcomes pytest-json-report gives a test (pytest_report_teststatus categories).
_PASSED = "passed"
_NOT_TEST_KEYS = {"total", "collected", "deselected"}


@dataclass(frozen=True)
class Verdict:
    """Whether the exercise counts, and why not in French."""

    validated: bool
    passed: int
    total: int
    reasons: tuple[str, ...]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def judge(
    outcomes: Mapping[str, int],
    *,
    expected: int,
    exitcode: int | None,
    collection_errors: int,
    stopped_at_first_failure: bool = False,
) -> Verdict:
    """The exercise is validated when pytest ended normally (exit code 0), every
    expected test ran, and every one of them passed. Skipped and xfailed tests
    do not count as passed: Classroom 50 does the same, and a student's code
    must not be able to turn a failure into a skip."""
    passed = outcomes.get(_PASSED, 0)
    ran = sum(outcomes.values())
    reasons: list[str] = []
    failed = outcomes.get("failed", 0) + outcomes.get("error", 0) + outcomes.get("xpassed", 0)
    if failed:
        reasons.append(f"{_plural(failed, 'test')} en échec sur {ran}.")
    neutral = ran - passed - failed
    if neutral:
        reasons.append(
            f"{_plural(neutral, 'test')} sauté(s) ou en échec attendu : "
            "ils ne comptent pas comme réussis."
        )
    if collection_errors:
        reasons.append(
            "Un fichier de tests n'a pas pu être chargé (erreur à la collecte) : "
            "aucun de ses tests n'a tourné."
        )
    if expected > ran:
        why = (
            "le premier échec décide déjà de l'exercice"
            if stopped_at_first_failure and failed
            else "temps total dépassé ou session interrompue"
        )
        reasons.append(f"{_plural(expected - ran, 'test')} sur {expected} non lancé(s) ({why}).")
    if ran == 0 and not collection_errors:
        reasons.append("Aucun test n'a tourné.")
    if exitcode not in (0, None) and not reasons:
        reasons.append(f"pytest s'est terminé avec le code {exitcode}.")
    validated = not reasons and passed == ran == max(expected, ran) > 0 and exitcode == 0
    if not validated and not reasons:  # e.g. no exit code at all
        reasons.append("pytest n'a pas confirmé que tous les tests ont réussi.")
    return Verdict(validated, passed, max(expected, ran), tuple(reasons))


def _outcomes(report: Mapping[str, Any]) -> Counter[str]:
    tests = report.get("tests")
    if isinstance(tests, list):
        return Counter(str(t.get("outcome", "")) for t in tests if isinstance(t, dict))
    # --json-report-summary: no per-test list, only the counts.
    summary = report.get("summary") or {}
    return Counter(
        {k: int(v) for k, v in summary.items() if k not in _NOT_TEST_KEYS and isinstance(v, int)}
    )


def _collection_errors(collectors: Iterable[Any]) -> int:
    return sum(1 for c in collectors if isinstance(c, dict) and c.get("outcome") == "failed")


def judge_report(report: Mapping[str, Any], *, stopped_at_first_failure: bool = False) -> Verdict:
    summary = report.get("summary") or {}
    outcomes = _outcomes(report)
    collected = int(summary.get("collected", 0) or 0) - int(summary.get("deselected", 0) or 0)
    exitcode = report.get("exitcode")
    return judge(
        outcomes,
        expected=max(collected, 0),
        exitcode=exitcode if isinstance(exitcode, int) else None,
        collection_errors=_collection_errors(report.get("collectors") or []),
        stopped_at_first_failure=stopped_at_first_failure,
    )


def summary_for(verdict: Verdict) -> dict[str, int]:
    """The summary Classroom 50 reads: the exercise as a single case."""
    key = "passed" if verdict.validated else "failed"
    return {key: 1, "total": 1, "collected": 1}


def apply_all_or_nothing(
    report: dict[str, Any], *, stopped_at_first_failure: bool = False
) -> Verdict:
    """Rewrite a pytest-json-report report in place (see the module docstring)."""
    verdict = judge_report(report, stopped_at_first_failure=stopped_at_first_failure)
    report["pytest_summary"] = dict(report.get("summary") or {})
    report["summary"] = summary_for(verdict)
    report["all_or_nothing"] = {
        "validated": verdict.validated,
        "tests_passed": verdict.passed,
        "tests_total": verdict.total,
        "reasons": list(verdict.reasons),
        "note": f"{RULE} {CASE_NOTE}",
    }
    return verdict


def provisional_report() -> dict[str, Any]:
    """What Classroom 50 finds if pytest never writes its final report."""
    verdict = Verdict(False, 0, 0, (PROVISIONAL_REASON,))
    return {
        "exitcode": None,
        "summary": summary_for(verdict),
        "tests": [],
        "all_or_nothing": {
            "validated": False,
            "tests_passed": 0,
            "tests_total": 0,
            "reasons": [PROVISIONAL_REASON],
            "note": f"{RULE} {CASE_NOTE}",
        },
    }


def verdict_lines(verdict: Verdict) -> list[str]:
    if verdict.validated:
        return [f"Exercice validé : ses {verdict.total} tests passent. {RULE}"]
    return [
        f"Exercice NON validé, 0 point : {verdict.passed} test(s) réussi(s) sur {verdict.total}.",
        *(f"  - {reason}" for reason in verdict.reasons),
        RULE,
        CASE_NOTE,
    ]


class AllOrNothing:
    """Registered only when a JSON report is requested."""

    def __init__(self, report_path: Path | None) -> None:
        self.report_path = report_path
        self.verdict: Verdict | None = None
        self.session: pytest.Session | None = None
        self.stopped = False

    def write_provisional(self) -> None:
        if self.report_path is None:
            return
        # If it cannot be written, pytest-json-report will say so for its own.
        with contextlib.suppress(OSError):
            self.report_path.write_text(json.dumps(provisional_report()), encoding="utf-8")

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # pytest checks `shouldfail` after each test: what -x sets.
        if report.failed and self.session is not None and not self.session.shouldfail:
            self.session.shouldfail = STOP_TEXT
            self.stopped = True

    @pytest.hookimpl(optionalhook=True)
    def pytest_json_modifyreport(self, json_report: dict[str, Any]) -> None:
        self.verdict = apply_all_or_nothing(json_report, stopped_at_first_failure=self.stopped)

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.verdict is None:
            return
        terminalreporter.write_sep("=", "Classroom 50")
        for line in verdict_lines(self.verdict):
            terminalreporter.write_line(line)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    # Without pytest-json-report the option does not exist: stay inert.
    if not config.getoption("json_report", default=False):
        return
    target = config.getoption("json_report_file", default=None)
    plugin = AllOrNothing(Path(target) if target else None)
    plugin.write_provisional()
    config.pluginmanager.register(plugin, "classroom50-all-or-nothing")

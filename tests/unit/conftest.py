"""Fixtures shared by the unit tests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.unit.exports import HAS_GIT
from tools.common import thread_clock
from tools.teacher.template import export


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "bout_en_bout: drives a whole tool in child processes (export, grading, re-grade, "
        "the students' commands); `nox -s check` runs these on the newest Python only",
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The student template, exported once for the test module (read only:
    tests that run something in it work on `copy_of` it)."""
    dest = tmp_path_factory.mktemp("export") / "modele-eleve"
    result = export(dest, git=HAS_GIT)
    assert result.git_note is None or not HAS_GIT, result.git_note
    return dest


@pytest.fixture
def sleeps_counted_as_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel's miscount (tools/common/thread_clock.py), on every sleep:
    each thread's run_delay grows with the wall clock, as if it had waited
    for a CPU all along. Only a proven sleep tells the truth then."""
    read = thread_clock._fields

    def miscounted(fd: int) -> list[bytes]:
        fields = read(fd)
        if len(fields) == 3:  # schedstat: "<on CPU> <waiting for a CPU> <timeslices>"
            fields[1] = str(time.monotonic_ns()).encode()
        return fields

    monkeypatch.setattr(thread_clock, "_fields", miscounted)

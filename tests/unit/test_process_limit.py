"""The submission's limit on processes (tools/grading/process_limit.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tools.common.paths import ROOT
from tools.grading import process_limit


def test_spans_that_touch_a_full_interval_overlap():
    full = [(10.0, 12.0)]
    assert process_limit.overlaps((11.0, 20.0), full)
    assert process_limit.overlaps((0.0, 10.0), full)
    assert process_limit.overlaps((10.5, 11.5), full)
    assert not process_limit.overlaps((12.5, 20.0), full)
    assert not process_limit.overlaps((0.0, 9.9), [])


def test_this_user_has_at_least_this_process_s_threads():
    assert process_limit.tasks_of_this_user() >= 1


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("prlimit") is None,
    reason="RLIMIT_NPROC et prlimit : Linux",
)
def test_only_a_low_limit_is_watched_and_never_for_root():
    import resource

    code = "from tools.grading import process_limit; print(process_limit.current_limit())"
    limited = subprocess.run(
        ["prlimit", "--nproc=256", "--", sys.executable, "-c", code],
        capture_output=True, text=True, check=True,
        cwd=ROOT,
    )  # fmt: skip
    expected = "None" if os.getuid() == 0 else "256"
    assert limited.stdout.strip() == expected
    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft == resource.RLIM_INFINITY or soft > process_limit.WATCHED_LIMITS:
        assert process_limit.current_limit() is None


def test_a_watch_records_when_the_count_nears_the_limit(monkeypatch):
    counts = iter([5, 5, 250, 250, 250, 5] + [5] * 1000)
    monkeypatch.setattr(process_limit, "tasks_of_this_user", lambda: next(counts))
    monkeypatch.setattr(process_limit, "SAMPLE_SECONDS", 0.01)
    watch = process_limit.Watch(256)
    watch._thread.start()
    time.sleep(0.3)
    full = watch.stop()
    assert watch.peak == 250
    assert len(full) == 1
    start, end = full[0]
    assert start < end

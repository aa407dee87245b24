"""ex07's jobs keep a journal (tests/support/cpu_job.py), and its timeline draws
them by process, above a default pool's shape (tests/support/offload.py)."""

from __future__ import annotations

import os

import pytest

from tests.support.cpu_job import JobSettings, JobSpan, NoCompanionError, read_journal, run_job
from tests.support.loop_lag import LOOP_LANE
from tests.support.offload import (
    JOB_SECONDS,
    LONG_FACTOR,
    Observation,
    default_pool_size,
    expected_jobs,
)
from tests.support.student import Outcome


def test_each_job_notes_its_start_and_end_even_when_it_fails(tmp_path):
    journal, rendezvous = tmp_path / "journal", tmp_path / "rendezvous"
    journal.mkdir()
    rendezvous.mkdir()
    inline = JobSettings(1000, os.getpid(), "", 2, 5.0, journal=str(journal))
    report = run_job(5, inline)
    alone = JobSettings(1000, os.getpid() + 1, str(rendezvous), 2, 0.05, journal=str(journal))
    with pytest.raises(NoCompanionError):
        run_job(6, alone)
    first, second = read_journal(str(journal))
    assert (first.value, first.pid, first.start, first.end) == (5, os.getpid(), report.start,
                                                                report.end)  # fmt: skip
    assert first.loop_answered is True
    assert (second.value, second.loop_answered) == (6, None)
    assert second.end is not None
    assert not any(p.name.endswith(".tmp") for p in journal.iterdir())


def test_a_journal_that_is_gone_fails_no_job(tmp_path):
    gone = JobSettings(1000, os.getpid(), "", 2, 5.0, journal=str(tmp_path / "gone"))
    assert run_job(5, gone).result == 32
    assert read_journal(str(tmp_path / "gone")) == []


def test_the_expected_shape_is_a_default_pool_taking_the_next_job_when_free():
    bars = expected_jobs([1, 2, 3, 4])
    workers = min(4, default_pool_size())
    assert {b.lane for b in bars} == {f"processus {n}" for n in range(1, workers + 1)}
    assert bars[0].end == pytest.approx(JOB_SECONDS * LONG_FACTOR)
    if workers == 2:
        assert [(b.lane, round(b.start, 2)) for b in bars] == [
            ("processus 1", 0.0), ("processus 2", 0.0), ("processus 2", 0.2),
            ("processus 2", 0.4),
        ]  # fmt: skip
    assert expected_jobs([]) == []


def test_the_timeline_draws_jobs_by_process_and_the_loop_blocked():
    parent, loop = 1000, 7
    spans = (
        JobSpan(10, 2001, 1, "MainThread", 50.0, 51.5, False),  # the loop was stuck
        JobSpan(20, 2002, 1, "MainThread", 50.1, 50.3, False),
        JobSpan(30, parent, loop, "MainThread", 51.6, 51.8, False),  # in the loop
        JobSpan(40, parent, 99, "asyncio_0", 51.8, None),  # a thread, still running
    )
    seen = Observation("fork", [10, 20, 30, 40], Outcome(), 2.0, 1.5, parent, loop, 2, spans, 50.0)
    timeline = seen.timeline()
    observed = [(b.label, b.lane, round(b.start, 1), b.end and round(b.end, 1))
                for b in timeline.observed.bars]  # fmt: skip
    assert observed == [
        ("bloquée", LOOP_LANE, 0.0, 1.5),
        ("travail(10)", "processus 1", 0.0, 1.5),
        ("travail(20)", "processus 2", 0.1, 0.3),
        ("travail(30)", LOOP_LANE, 1.6, 1.8),
        ("travail(40)", "thread 1", 1.8, None),
    ]
    assert timeline.what == "un calcul, ou la boucle bloquée"
    assert len(timeline.text().splitlines()) <= 12

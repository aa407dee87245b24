"""ex07's jobs keep a journal (tests/support/cpu_job.py), and its timeline draws
them by process, above a default pool's shape (tests/support/offload.py)."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import functools
import multiprocessing
import os
import random
import sys
import threading
import time

import pytest

from tests.support.cpu_job import (
    JobReport,
    JobSettings,
    JobSpan,
    NoCompanionError,
    expected_result,
    read_journal,
    run_job,
)
from tests.support.loop_lag import LOOP_LANE
from tests.support.offload import (
    JOB_SECONDS,
    LONG_FACTOR,
    Observation,
    WaitWatch,
    blocking_wait,
    check_results,
    default_pool_size,
    expected_jobs,
    expected_results,
    in_end_order,
    iterations_for,
    no_companion,
    random_values,
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


SLOW_START = 3.0  # s: how long every worker but the first takes to start


def _slow_start(folder: str) -> None:
    """A pool's initializer: the first worker starts at once, the others
    SLOW_START later, as spawn workers do on a loaded machine."""
    try:
        with open(os.path.join(folder, "premier"), "x", encoding="utf-8"):
            pass
    except FileExistsError:
        time.sleep(SLOW_START)


def _pool_settings(tmp_path, patience: float) -> JobSettings:
    folders = [tmp_path / name for name in ("rendezvous", "envois", "demarrage")]
    for folder in folders:
        folder.mkdir()
    return JobSettings(
        1000, os.getpid(), str(folders[0]), 2, patience,
        submissions=str(folders[1]), boot_patience=10.0,
    )  # fmt: skip


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_a_worker_still_starting_does_not_count_against_the_patience(tmp_path, method):
    # Two jobs sent together; the second waits SLOW_START for its worker,
    # three times the patience: the first job waits for it all the same.
    # (A forkserver's workers are its children, not the test's.)
    settings = _pool_settings(tmp_path, patience=1.0)
    context = multiprocessing.get_context(method)
    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(
        2, mp_context=context, initializer=_slow_start, initargs=(str(tmp_path / "demarrage"),)
    ) as pool:
        futures = [pool.submit(run_job, value, settings) for value in (5, 6)]
        reports = [future.result(timeout=20) for future in futures]
    assert [r.result for r in reports] == [32, 43]
    assert time.monotonic() - start > SLOW_START
    assert max(r.waited_alone for r in reports) < settings.patience
    assert len(list((tmp_path / "envois").iterdir())) == 2  # one per job sent


# What a pool's initializer installs in each worker: the settings travel once
# per worker (pickled under spawn and forkserver, inherited under fork), never
# once per job, so the notes of jobs sent undercount the jobs waiting.
_installed: JobSettings | None = None


def _install(settings: JobSettings) -> None:
    global _installed
    _installed = settings


def _run_installed(value: int) -> JobReport:
    assert _installed is not None
    return run_job(value, _installed)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize(
    ("method", "sent"),
    [("spawn", "per_job")]
    + [(method, "per_worker") for method in multiprocessing.get_all_start_methods()],
)
def test_a_worker_busy_with_a_job_does_not_count_against_the_patience(tmp_path, method, sent):
    # The long job (5) waits for 3 jobs to start, on 2 workers: the third (7)
    # waits for the worker of 6, kept busy 3 times the patience by a loop
    # that never beats. The long job waits for it all the same, whether the
    # settings were sent with each job or once per worker (none noted as
    # sent under fork).
    journal = tmp_path / "journal"
    journal.mkdir()
    settings = dataclasses.replace(
        _pool_settings(tmp_path, patience=0.5), long_value=5, long_companions=3,
        beats=str(tmp_path / "battements"), loop_patience=1.5, journal=str(journal),
    )  # fmt: skip
    context = multiprocessing.get_context(method)
    if sent == "per_job":
        pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=context)
        job = functools.partial(run_job, settings=settings)
    else:
        pool = concurrent.futures.ProcessPoolExecutor(
            2, mp_context=context, initializer=_install, initargs=(settings,)
        )
        job = _run_installed
    with pool:
        futures = [pool.submit(job, value) for value in (5, 6, 7)]
        reports = [future.result(timeout=20) for future in futures]
    assert [r.result for r in reports] == [32, 43, 56]
    assert reports[0].waited_alone < settings.patience


def test_jobs_one_after_the_other_are_told_after_the_patience_however_slow_the_workers(
    tmp_path,
):
    # A worker still starting, but no job waiting for it: the job alone is
    # told after its patience, not after the other worker's start.
    settings = _pool_settings(tmp_path, patience=0.5)
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(2, _slow_start, (str(tmp_path / "demarrage"),)) as pool:
        with pytest.raises(NoCompanionError, match="tourné seul"):
            pool.apply(run_job, (5, settings))
        # Told before the other worker's start, counted from the first
        # worker's (the spawn of that one is the machine's business: over
        # SLOW_START seconds under a load of 18).
        first = (tmp_path / "demarrage" / "premier").stat().st_mtime
        assert time.time() - first < SLOW_START


def test_the_expected_shape_is_a_default_pool_taking_the_next_job_when_free():
    bars = expected_jobs([1, 2, 3, 4])
    workers = min(4, default_pool_size())
    assert {b.lane for b in bars} == {f"processus {n}" for n in range(1, workers + 1)}
    assert bars[0].end == pytest.approx(JOB_SECONDS * LONG_FACTOR)
    if workers == 2:
        assert [(b.lane, round(b.start, 2)) for b in bars] == [
            ("processus 1", 0.0), ("processus 2", 0.0),
            ("processus 2", round(JOB_SECONDS, 2)), ("processus 2", round(2 * JOB_SECONDS, 2)),
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


def _settings(tmp_path, beats, *, loop_thread: int, loop_patience: float) -> JobSettings:
    return JobSettings(
        iterations=iterations_for(0.2), parent_pid=os.getpid(), rendezvous=str(tmp_path),
        companions=2, patience=5.0, beats=str(beats), loop_patience=loop_patience,
        loop_thread=loop_thread,
    )  # fmt: skip


def test_a_job_run_by_another_thread_of_the_test_burns_nothing(tmp_path):
    beats = tmp_path / "battements"
    beats.touch()
    settings = _settings(tmp_path, beats, loop_thread=threading.get_ident(), loop_patience=0.05)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        start = time.process_time()
        report = pool.submit(run_job, 5, settings).result()
    # Its own 0.2 s of work skipped; only the wait for a loop that never beats,
    # asleep. CPU time (every thread of this process), not the wall clock: a
    # loaded machine runs the same work slower, never with more CPU time.
    assert time.process_time() - start < 0.1
    assert (report.result, report.loop_answered) == (32, False)


def test_the_watch_names_an_unbounded_wait_and_lets_the_jobs_go_at_once(tmp_path):
    beats = tmp_path / "battements"
    beats.touch()
    # The "loop" is this thread, stuck in future.result(): the job's 5 s of
    # patience would end in vain; the watch ends it within WAIT_HOLD.
    settings = _settings(tmp_path, beats, loop_thread=-1, loop_patience=5.0)
    with concurrent.futures.ThreadPoolExecutor(1) as pool, WaitWatch(str(beats)) as watch:
        start = time.monotonic()
        report = pool.submit(run_job, 5, settings).result()
    assert watch.seen == "Future.result()"
    assert report.loop_answered is False
    assert time.monotonic() - start < 2


def test_the_watch_names_the_wait_of_pool_map_after_pool_map(tmp_path):
    beats = tmp_path / "battements"
    beats.touch()
    settings = _settings(tmp_path, beats, loop_thread=-1, loop_patience=5.0)
    with concurrent.futures.ThreadPoolExecutor(1) as pool, WaitWatch(str(beats)) as watch:
        reports = list(pool.map(functools.partial(run_job, settings=settings), [5]))
    assert watch.seen == "pool.map()"
    assert reports[0].loop_answered is False


def test_reports_sort_like_results_would():
    settings = JobSettings(1000, os.getpid(), "", 2, 5.0)
    reports = [run_job(value, settings) for value in (7, 5, 6)]
    assert [r.value for r in sorted(reports)] == [5, 6, 7]


def test_a_wait_with_a_timeout_or_none_at_all_is_not_named():
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(time.sleep, 0.3)
        seen: list[str] = []

        def look() -> None:
            time.sleep(0.1)
            seen.append(blocking_wait(sys._current_frames()[here]))

        here = threading.get_ident()
        pool_watch = threading.Thread(target=look)
        pool_watch.start()
        with contextlib.suppress(concurrent.futures.TimeoutError):
            future.result(timeout=0.2)
        pool_watch.join()
    assert seen == [""]
    assert blocking_wait(sys._getframe()) == ""


def test_a_job_alone_is_told_even_inside_a_task_group():
    alone = NoCompanionError("le calcul de la valeur 5 a tourné seul")
    assert no_companion(alone) is alone
    assert no_companion(ExceptionGroup("groupe", [ExceptionGroup("sous", [alone])])) is alone
    assert no_companion(ExceptionGroup("groupe", [alone, ValueError()])) is None
    assert no_companion(ValueError()) is None
    assert no_companion(None) is None


def test_values_are_in_neither_the_sorted_order_nor_any_order_jobs_can_end_in():
    rng = random.Random(7)
    for _ in range(2000):
        values = random_values(rng)
        assert len(set(values)) == len(values) == 4
        assert all(10 <= v < 1000 for v in values)
        # Sorting puts the long job's result first; it never ends first.
        assert values[0] == min(values)
        assert values != sorted(values)


class _Failed(Exception):
    pass


class _Student:
    """What check_results uses of a Student: fail(), kept as the problem."""

    def fail(self, problem: str, **details: object) -> None:
        raise _Failed(problem, details)


def _judged(values: list[int], returned: list[int], ends: dict[int, float]) -> tuple[str, dict]:
    spans = tuple(JobSpan(v, 2001, 1, "MainThread", 50.0, ends[v], True) for v in values)
    reports = [_report(v, ends[v]) for v in returned]
    seen = Observation("fork", values, Outcome(value=reports), 1.0, 0.0, 1000, 7, 4, spans, 50.0)
    with pytest.raises(_Failed) as failed:
        check_results(_Student(), seen)  # type: ignore[arg-type]
    return failed.value.args


def _report(value: int, end: float) -> JobReport:
    return JobReport(value, expected_result(value), 2001, 50.0, end)


def test_the_message_names_the_order_the_answer_used():
    values = [15, 700, 300, 500]
    ends = {15: 51.0, 700: 50.2, 300: 50.4, 500: 51.3}  # the long job ended third
    problem, details = _judged(values, [15, 300, 500, 700], ends)
    assert "rangés du plus petit au plus grand" in problem
    assert "ne trie pas" in details["advice"]
    problem, _ = _judged(values, [700, 300, 15, 500], ends)
    assert "dans l'ordre où les calculs se sont terminés" in problem
    # Two short jobs that ended together may arrive in either order.
    together = {15: 51.0, 700: 50.40, 300: 50.38, 500: 51.3}
    problem, _ = _judged(values, [700, 300, 15, 500], together)
    assert "dans l'ordre où les calculs se sont terminés" in problem
    problem, _ = _judged(values, [500, 15, 700, 300], ends)
    assert problem == "Les résultats sont tous là, mais pas dans l'ordre des valeurs."
    assert expected_results(values) != sorted(expected_results(values))


def test_reports_out_of_end_order_by_more_than_a_tie_are_not_in_end_order():
    early, late = _report(1, 50.0), _report(2, 50.2)
    assert in_end_order([early, late])
    assert not in_end_order([late, early])

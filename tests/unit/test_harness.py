"""The measuring tools measure what they claim, on known good and bad code."""

import asyncio
import functools
import os
import time

import pytest

from tests.harness.concurrency import FakeService
from tests.harness.cpu_job import JobSettings, NoCompanionError, run_job
from tests.harness.loop_lag import LagMonitor
from tests.harness.manifest import load_manifest
from tests.harness.never_awaited import record_never_awaited
from tests.harness.results import CaseResult
from tests.harness.selfcheck import Mutant, Verdicts, check_exercise


@pytest.mark.asyncio
async def test_in_flight_peak_tells_sequential_from_concurrent():
    sequential = FakeService("op", lambda k: k, lambda k: 0.01)
    for key in range(4):
        await sequential.operation(key)
    concurrent = FakeService("op", lambda k: k, lambda k: 0.01)
    assert await asyncio.gather(*(concurrent.operation(k) for k in range(4))) == [0, 1, 2, 3]
    assert (sequential.in_flight.peak, concurrent.in_flight.peak) == (1, 4)
    assert concurrent.completed == [(0,), (1,), (2,), (3,)]


@pytest.mark.asyncio
async def test_fake_service_raises_after_its_delay():
    def boom(key):
        raise KeyError(key)

    fake = FakeService("op", boom)
    with pytest.raises(KeyError):
        await fake.operation("x")
    assert fake.calls == [("x",)]
    assert fake.completed == []
    assert fake.in_flight.current == 0


@pytest.mark.asyncio
async def test_lag_monitor_sees_a_blocking_call_and_not_an_await():
    async with LagMonitor() as blocked:
        time.sleep(0.2)  # noqa: ASYNC251 (the blocking call is what is measured)
    async with LagMonitor() as free:
        await asyncio.sleep(0.2)
    assert blocked.worst > 0.15
    assert free.worst < 0.1


@pytest.mark.asyncio
async def test_never_awaited_coroutines_are_recorded_by_name():
    async def oubliee():
        pass

    async def attendue():
        pass

    with record_never_awaited() as names:
        oubliee()
        await attendue()
    assert names == ["oubliee"]


def test_a_job_alone_in_a_worker_gives_up_after_its_patience(tmp_path):
    settings = JobSettings(
        iterations=1000, parent_pid=os.getpid() + 1, rendezvous=str(tmp_path),
        companions=2, patience=0.2,
    )  # fmt: skip
    start = time.monotonic()
    with pytest.raises(NoCompanionError, match="tourné seul"):
        run_job(5, settings)
    assert time.monotonic() - start < 2


def test_a_job_meets_its_companion_and_inline_jobs_do_not_wait(tmp_path):
    (tmp_path / "other-job").touch()
    in_worker = JobSettings(1000, os.getpid() + 1, str(tmp_path), 2, 5.0)
    assert run_job(5, in_worker).result == 32
    inline = functools.partial(run_job, settings=JobSettings(1000, os.getpid(), "", 2, 5.0))
    report = inline(6)
    assert (report.result, report.pid) == (43, os.getpid())


def result(name, outcome, hidden=True):
    return CaseResult(f"tests/x.py::{name}", "ex02_gather", hidden, outcome, "")


def test_selfcheck_flags_a_stub_that_passes_and_a_test_nothing_fails(tmp_path):
    ex = next(e for e in load_manifest() if e.id == "ex02_gather")
    solution = [result("test_a", "passed"), result("test_b", "passed")]
    solution.append(result("test_public", "passed", hidden=False))
    verdicts = Verdicts()
    check_exercise(ex, solution, solution, {}, verdicts)
    assert any("passe tous les tests cachés" in p for p in verdicts.problems)
    assert any("passe tous les tests publics" in p for p in verdicts.problems)
    assert any("aucune mauvaise réponse" in p and "test_a" in p for p in verdicts.problems)

    mutant_file = tmp_path / "mauvais.py"
    mutant_file.write_text('"""Une erreur typique."""\n', encoding="utf-8")
    mutant = Mutant(ex, mutant_file)
    assert mutant.description == "Une erreur typique."
    stub = [result("test_a", "failed"), result("test_b", "passed")]
    stub.append(result("test_public", "failed", hidden=False))
    verdicts = Verdicts()
    check_exercise(ex, solution, stub, {mutant: [result("test_b", "failed")]}, verdicts)
    assert verdicts.problems == []

"""The fake jobs of ex11 record what happened to them, and when: the
timeline a failure draws."""

import asyncio
import threading
import time

import pytest

from tests.support.clock import perf_counter
from tests.support.supervision import (
    CLEANUP_LANE,
    BlockGuard,
    Cleanup,
    Job,
    Jobs,
    LoopBlocked,
    State,
    expected_bars,
    leaves,
    observed_bars,
    timeline,
)
from tools.common.timeline import Bar


def jobs():
    error = KeyError("x")
    return error, Jobs(
        [Job("rapide", 0.005, "R"), Job("en_echec", 0.01, error=error), Job("lent", 1.0, "L")]
    )


@pytest.mark.asyncio
async def test_a_task_group_fails_cancels_and_cleans_up_in_order():
    error, group = jobs()
    nettoyer = Cleanup(group)
    with pytest.raises(ExceptionGroup) as caught:  # noqa: PT012 (the whole block is the case)
        try:
            async with asyncio.TaskGroup() as tg:
                for run in group.functions():
                    tg.create_task(run())
        finally:
            nettoyer()
    assert leaves(caught.value) == [error]
    states = {job.name: job.state for job in group.jobs}
    assert states == {"rapide": State.DONE, "en_echec": State.FAILED, "lent": State.CANCELLED}
    assert group.in_flight.peak == 3
    assert group.in_flight.current == 0
    assert nettoyer.running_at_calls == [[]]


@pytest.mark.asyncio
async def test_gather_leaves_the_slow_job_running():
    _, group = jobs()
    nettoyer = Cleanup(group)
    tasks = [asyncio.create_task(run()) for run in group.functions()]
    with pytest.raises(KeyError):
        await asyncio.gather(*tasks)
    nettoyer()
    assert group.running() == ["lent"]
    assert nettoyer.running_at_calls == [["lent"]]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert group.names(State.CANCELLED) == ["lent"]


def test_leaves_flattens_nested_groups():
    a, b, c = ValueError("a"), KeyError("b"), TimeoutError()
    nested = ExceptionGroup("g", [a, ExceptionGroup("h", [b, c])])
    assert leaves(nested) == [a, b, c]
    assert leaves(a) == [a]


def test_job_functions_carry_the_job_names():
    _, group = jobs()
    assert [f.__name__ for f in group.functions()] == ["rapide", "en_echec", "lent"]


@pytest.mark.asyncio
async def test_the_bars_say_how_each_job_ended_and_when_nettoyer_ran():
    _, group = jobs()
    nettoyer = Cleanup(group)
    origin = perf_counter()
    try:
        async with asyncio.TaskGroup() as tg:
            for run in group.functions():
                tg.create_task(run())
    except ExceptionGroup:
        pass
    finally:
        group.at_return()
        nettoyer()
    bars = {bar.label: bar for bar in observed_bars(group, origin, nettoyer)}
    assert set(bars) == {"rapide", "en_echec (échoué)", "lent (annulé)", "appel"}
    assert all(bar.start < 0.005 for bar in bars.values() if bar.lane is None)
    assert 0.004 < bars["rapide"].end < bars["en_echec (échoué)"].end
    # Cancelled at the failure, long before its second.
    assert bars["lent (annulé)"].end < 0.5
    assert bars["appel"].lane == CLEANUP_LANE
    assert bars["appel"].start == bars["appel"].end >= bars["lent (annulé)"].end


@pytest.mark.asyncio
async def test_a_job_left_running_when_the_call_returned_has_no_end():
    _, group = jobs()
    tasks = [asyncio.create_task(run()) for run in group.functions()]
    origin = perf_counter()
    with pytest.raises(KeyError):
        await asyncio.gather(*tasks)
    assert group.at_return() == ["lent"]
    for task in tasks:  # what the test does after the call: not the student's doing
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    bars = {bar.label: bar for bar in observed_bars(group, origin)}
    assert set(bars) == {"rapide", "en_echec (échoué)", "lent"}
    assert bars["lent"].end is None


def test_the_expected_shape_stops_at_the_first_failure_or_the_deadline():
    _, group = jobs()
    assert expected_bars(group, 2.0, cleanup=True) == [
        Bar("rapide", 0.0, 0.005),
        Bar("en_echec (échoué)", 0.0, 0.01),
        Bar("lent (annulé)", 0.0, 0.01),
        Bar("appel", 0.01, 0.01, CLEANUP_LANE),
    ]
    late = Jobs([Job("court", 0.01), Job("long", 0.5)])
    assert expected_bars(late, 0.05, cleanup=False) == [
        Bar("court", 0.0, 0.01),
        Bar("long (annulé)", 0.0, 0.05),
    ]
    fine = Jobs([Job("a", 0.03), Job("b", 0.01)])
    assert expected_bars(fine, 1.0, cleanup=True)[-1] == Bar("appel", 0.03, 0.03, CLEANUP_LANE)
    assert expected_bars(Jobs([]), 1.0, cleanup=False) == []


def test_the_timeline_compares_the_run_with_the_shape():
    _, group = jobs()
    comparison = timeline(group, 0.0, 2.0, Cleanup(group))
    assert comparison.what == "un travail"
    assert comparison.observed.bars == ()  # nothing ran
    assert len(comparison.expected.bars) == 4
    assert len(comparison.text().splitlines()) <= 12


@pytest.mark.asyncio
async def test_the_guard_stops_a_polling_loop_at_its_first_block():
    turns = 0
    cleaned = []

    async def polls_with_time_sleep():
        nonlocal turns
        try:
            while True:
                turns += 1
                time.sleep(0.6)  # noqa: ASYNC251 (the mistake under test)
                await asyncio.sleep(0)
        finally:
            cleaned.append(True)

    guard = BlockGuard()
    with pytest.raises(LoopBlocked):
        await guard.run(polls_with_time_sleep())
    # One block only (counted in turns: load stretches the wall clock): the
    # cancellation was queued during it, before the next turn.
    assert turns == 1
    assert cleaned == [True]
    assert guard.tripped
    assert guard.stalled > 0.45
    assert not [t for t in threading.enumerate() if "garde" in t.name]


@pytest.mark.asyncio
async def test_the_guard_lets_code_that_awaits_return_its_value():
    async def awaits():
        await asyncio.sleep(0.05)
        return "fini"

    guard = BlockGuard()
    assert await guard.run(awaits()) == "fini"
    assert not guard.tripped


@pytest.mark.asyncio
async def test_the_guard_trips_even_when_the_cancellation_is_swallowed():
    async def swallows():
        time.sleep(0.6)  # noqa: ASYNC251 (the mistake under test)
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            return "avalé"
        return "jamais"

    guard = BlockGuard()
    with pytest.raises(LoopBlocked):
        await guard.run(swallows())

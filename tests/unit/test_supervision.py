"""The fake jobs of ex11 record what happened to them."""

import asyncio

import pytest

from tests.support.supervision import Cleanup, Job, Jobs, State, leaves


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

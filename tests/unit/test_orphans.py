"""Leftovers and record_loop_errors see orphan tasks and lost task errors."""

import asyncio

import pytest

from tests.support.orphans import Leftovers, never_retrieved, record_loop_errors, summarize


async def boom(delay):
    await asyncio.sleep(delay)
    raise ValueError("perdue")


async def orphan_launcher():
    asyncio.create_task(boom(0.005))  # noqa: RUF006 (the mistake being detected)
    await asyncio.sleep(0)


async def careful_launcher():
    tache = asyncio.create_task(boom(0.005))
    await asyncio.gather(tache, return_exceptions=True)


async def cancel_without_waiting():
    tache = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    tache.cancel()


@pytest.mark.asyncio
async def test_an_orphan_task_is_seen_at_return_and_its_error_is_lost():
    with record_loop_errors() as errors:
        leftovers = Leftovers()
        await leftovers.watch(orphan_launcher())
        assert leftovers.at_return == ["boom"]
        assert await leftovers.settle(1.0) == []
        del leftovers
    lost = never_retrieved(errors)
    assert len(lost) == 1
    assert lost[0].describe() == "ValueError: perdue"


@pytest.mark.asyncio
async def test_an_awaited_task_leaves_nothing_behind():
    with record_loop_errors() as errors:
        leftovers = Leftovers()
        await leftovers.watch(careful_launcher())
        assert leftovers.at_return == []
    assert errors == []


@pytest.mark.asyncio
async def test_a_cancellation_not_yet_processed_still_counts_as_running():
    leftovers = Leftovers()
    noted = []
    await leftovers.watch(cancel_without_waiting(), on_return=lambda: noted.append(1))
    assert leftovers.at_return == ["sleep"]
    assert noted == [1]
    await leftovers.cancel()
    assert leftovers.pending() == set()


@pytest.mark.asyncio
async def test_the_previous_exception_handler_is_restored():
    loop = asyncio.get_running_loop()

    def mine(loop, context):
        pass

    loop.set_exception_handler(mine)
    try:
        with record_loop_errors():
            assert loop.get_exception_handler() is not mine
        assert loop.get_exception_handler() is mine
    finally:
        loop.set_exception_handler(None)


def test_summarize_counts_repeated_labels():
    assert summarize(["envoyer", "tache", "envoyer"]) == "envoyer (×2), tache"

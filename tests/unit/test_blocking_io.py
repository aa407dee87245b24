"""The blocking client of ex06 tells the loop's thread from others, and counts overlap."""

import asyncio
import random
import threading
import time

import pytest

from tests.support.blocking_io import (
    DELAY_MAX,
    DELAY_MIN,
    HOLD_PATIENCE,
    LOOP_PATIENCE,
    BlockingClient,
    random_case,
)
from tests.support.loop_lag import LagMonitor


def client() -> BlockingClient:
    profiles = {i: {"id": i} for i in range(3)}
    return BlockingClient(profiles, dict.fromkeys(profiles, 0.05))


@pytest.mark.asyncio
async def test_in_the_loop_the_client_blocks_it_and_runs_in_its_thread():
    inline = client()
    async with LagMonitor() as lag:
        assert [inline.lire_profil(i) for i in range(3)] == [{"id": 0}, {"id": 1}, {"id": 2}]
    assert lag.worst > 0.1
    assert inline.peak == 1
    assert len(inline.calls_in_thread(threading.get_ident())) == 3


@pytest.mark.asyncio
async def test_in_threads_the_calls_overlap_and_the_loop_stays_free():
    threaded = client()
    async with LagMonitor() as lag:
        await asyncio.gather(*(asyncio.to_thread(threaded.lire_profil, i) for i in range(3)))
    assert lag.worst < 0.03
    assert threaded.peak == 3
    assert threaded.calls_in_thread(threading.get_ident()) == []


def test_unknown_identifier_raises_and_returned_profiles_are_copies():
    c = client()
    with pytest.raises(KeyError):
        c.lire_profil(99)
    c.lire_profil(0)["id"] = "changé"
    assert c.lire_profil(0) == {"id": 0}


def test_random_cases_have_distinct_delays_out_of_order():
    for _ in range(50):
        case = random_case(random.Random(), 4)
        delays = [case.delays[i] for i in case.identifiants]
        assert len(set(delays)) == 4
        assert delays != sorted(delays)
        assert all(DELAY_MIN - 1e-9 <= d <= DELAY_MAX + 1e-9 for d in delays)


def test_a_call_in_the_loop_thread_neither_holds_nor_waits_for_the_loop():
    profiles = {i: {"id": i} for i in range(3)}
    inline = BlockingClient(profiles, dict.fromkeys(profiles, 0.01), hold=True)
    inline.loop = asyncio.new_event_loop()
    inline.loop_thread = threading.get_ident()
    try:
        start = time.perf_counter()
        assert inline.lire_profil(0) == {"id": 0}
        # Neither HOLD_PATIENCE nor LOOP_PATIENCE waited: nothing could come.
        assert time.perf_counter() - start < min(HOLD_PATIENCE, LOOP_PATIENCE)
        assert inline.calls[0].loop_answer is None
    finally:
        inline.loop.close()

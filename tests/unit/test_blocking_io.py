"""The blocking client of ex06 tells the loop's thread from others, and counts overlap."""

import asyncio
import concurrent.futures
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
    Case,
    ClientCall,
    Observation,
    random_case,
)
from tests.support.loop_lag import LOOP_LANE, LagMonitor
from tests.support.student import Outcome


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


def test_once_a_held_call_waited_in_vain_the_next_ones_no_longer_wait():
    profiles = {i: {"id": i} for i in range(3)}
    held = BlockingClient(profiles, dict.fromkeys(profiles, 0.01), hold=True)
    start = time.perf_counter()
    # One call at a time, as a wrong answer runs them: only the first waits.
    assert [held.lire_profil(i) for i in range(3)] == [{"id": 0}, {"id": 1}, {"id": 2}]
    assert held.hold_failed
    assert HOLD_PATIENCE <= time.perf_counter() - start < 2 * HOLD_PATIENCE
    assert held.peak == 1


def test_a_read_ending_before_all_started_stops_the_held_observation_once():
    profiles = {i: {"id": i} for i in range(4)}
    held = BlockingClient(profiles, dict.fromkeys(profiles, 0.2), hold=True)
    stops = []
    held.on_early_end = lambda: stops.append(held.started)
    held.lire_profil(0)  # one at a time: it ends while 1 of 4 has started
    assert held.early_end == 1
    assert stops == [1]
    start = time.perf_counter()
    held.lire_profil(1)  # the verdict is known: the next reads answer at once
    assert time.perf_counter() - start < 0.1
    assert stops == [1]


def test_reads_all_started_together_never_stop_the_observation():
    profiles = {i: {"id": i} for i in range(4)}
    held = BlockingClient(profiles, dict.fromkeys(profiles, 0.02), hold=True)
    held.on_early_end = lambda: pytest.fail("arrêté alors que tout avait démarré")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert list(pool.map(held.lire_profil, profiles)) == list(profiles.values())
    assert held.early_end is None
    assert held.peak == 4


def test_the_timeline_draws_each_call_on_its_thread_s_row_and_the_loop_blocked():
    case = Case([1, 2], {1: {"id": 1}, 2: {"id": 2}}, {1: 0.12, 2: 0.08})
    asked = case.client(loop=asyncio.new_event_loop())
    loop, other = 10, 20
    try:
        # Call 1 in another thread, during which the loop ran nothing (a join());
        # call 2 in the loop's own thread, still running when the call returned.
        finished = (ClientCall(1, other, 100.0, 100.62, None),)
        seen = Observation(case, asked, Outcome(), 0.7, 0.6, loop, 100.0, finished,
                           ((2, loop, 100.62),))  # fmt: skip
        timeline = seen.timeline()
    finally:
        assert asked.loop is not None
        asked.loop.close()
    observed = {(b.label, b.lane): (round(b.start, 2), b.end and round(b.end, 2))
                for b in timeline.observed.bars}  # fmt: skip
    assert observed == {
        ("bloquée", LOOP_LANE): (0.0, 0.62),
        ("lire_profil(1)", "thread 1"): (0.0, 0.62),
        ("lire_profil(2)", LOOP_LANE): (0.62, None),
    }
    assert [(b.start, b.end, b.lane) for b in timeline.expected.bars] == [
        (0.0, 0.12, "thread 1"),
        (0.0, 0.08, "thread 2"),
    ]
    assert timeline.what == "un appel à lire_profil, ou la boucle bloquée"
    # The loop's row comes first: with more threads than rows, it is kept.
    assert timeline.text().splitlines()[1].endswith(f"| {LOOP_LANE}")


@pytest.mark.asyncio
async def test_calls_still_running_are_in_the_snapshot():
    profiles = {i: {"id": i} for i in range(2)}
    slow = BlockingClient(profiles, {0: 0.3, 1: 0.01})
    calls = [asyncio.to_thread(slow.lire_profil, i) for i in range(2)]
    running = asyncio.gather(*calls)
    await asyncio.sleep(0.1)
    finished, in_progress = slow.snapshot()
    assert [c.identifiant for c in finished] == [1]
    assert [i for i, _, _ in in_progress] == [0]
    await running
    assert slow.snapshot()[1] == []


def test_a_second_read_of_a_profile_ends_every_read_at_once():
    slow = BlockingClient({1: {"id": 1}, 2: {"id": 2}}, {1: 5.0, 2: 5.0})
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        start = time.perf_counter()
        first = pool.submit(slow.lire_profil, 1)
        other = pool.submit(slow.lire_profil, 2)
        time.sleep(0.1)
        assert slow.reads() == {1: 1, 2: 1}  # counted from their start
        again = pool.submit(slow.lire_profil, 1)
        assert [f.result(timeout=2) for f in (first, other, again)] == [
            {"id": 1}, {"id": 2}, {"id": 1},
        ]  # fmt: skip
    assert time.perf_counter() - start < 1
    assert slow.reads() == {1: 2, 2: 1}

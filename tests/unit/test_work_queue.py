"""The producer/consumer fakes and watchdog see what they claim, on known code."""

import asyncio
import subprocess
import sys
import time

import pytest

from tests.support.suspension import await_chain
from tests.support.work_queue import (
    Activity,
    ErreurDeTraitement,
    Stuck,
    counting_takes,
    describe_task,
    run_watched,
    scenario,
)
from tools.common.paths import ROOT

GRACE = 0.2


def small(workers=2, failing=frozenset()):
    arrivals = [("a", 0.0), ("b", 0.0), ("c", 0.0), ("d", 0.05), ("e", 0.0)]
    answers = {name: name.upper() for name, _ in arrivals}
    delays = dict.fromkeys(answers, 0.01)
    return scenario(arrivals, answers, delays, workers, frozenset(failing))


async def pool(source, traiter, workers, *, task_done=True, cancel=True, wait=True):
    """A queue and workers, with each step of the clean shutdown optional."""
    file = asyncio.Queue()
    results = {}

    async def worker():
        while True:
            element = await file.get()
            try:
                results[element] = await traiter(element)
            except Exception as error:
                results[element] = error
            finally:
                if task_done:
                    file.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    async for element in source:
        await file.put(element)
    await file.join()
    if cancel:
        for task in tasks:
            task.cancel()
    if wait:
        await asyncio.gather(*tasks, return_exceptions=True)
    return results


@pytest.mark.asyncio
async def test_a_burst_arrives_without_the_loop_running():
    case = small()
    ran = []
    asyncio.get_running_loop().call_soon(ran.append, True)
    received = [await anext(case.source) for _ in range(3)]
    assert (received, ran) == (["a", "b", "c"], [])
    assert [e async for e in case.source] == ["d", "e"]
    assert case.source.exhausted


def paused(pause=1.0):
    arrivals = [("a", 0.0), ("b", 0.0), ("c", pause), ("d", 0.0)]
    answers = {name: name.upper() for name, _ in arrivals}
    return scenario(arrivals, answers, dict.fromkeys(answers, 0.01), 2)


@pytest.mark.asyncio
async def test_a_long_pause_lasts_while_a_worker_waits_and_ends_once_all_are_gone():
    kept = paused()
    start = time.perf_counter()
    assert await pool(kept.source, kept.processor.traiter, 2) == {k: k.upper() for k in "abcd"}
    assert time.perf_counter() - start > 1.0
    # Workers that give up on an empty queue after 0.1 s: the pause ends
    # once both have ended, and what comes after it is never processed.
    cut = paused(pause=3.0)
    file = asyncio.Queue()

    async def quitter():
        while True:
            try:
                element = await asyncio.wait_for(file.get(), 0.1)
            except TimeoutError:
                return
            await cut.processor.traiter(element)

    workers = [asyncio.create_task(quitter()) for _ in range(2)]
    start = time.perf_counter()
    async for element in cut.source:
        await file.put(element)
    assert time.perf_counter() - start < 2.0  # the pause cut short, not lasted out
    assert all(w.done() for w in workers)
    assert cut.processor.counts() == {"a": 1, "b": 1}


@pytest.mark.asyncio
async def test_a_clean_pool_returns_everything_and_leaves_nothing():
    case = small(workers=2, failing={"c"})
    done = await run_watched(
        pool(case.source, case.processor.traiter, 2), case.activity, grace=GRACE
    )
    assert done.leftover == []
    assert isinstance(done.value["c"], ErreurDeTraitement)
    assert done.value["c"] is case.processor.raised["c"]
    assert done.value == case.processor.expected_results()
    assert sorted(case.processor.finished) == ["a", "b", "c", "d", "e"]
    assert case.processor.in_flight.peak == 2
    assert len(case.processor.runners) == 2
    assert case.processor.cancelled == []


@pytest.mark.asyncio
async def test_workers_cancelled_but_not_awaited_are_still_listed():
    case = small()
    done = await run_watched(
        pool(case.source, case.processor.traiter, 2, wait=False), case.activity, grace=GRACE
    )
    assert done.leftover == ["worker (annulée, mais pas encore terminée)"] * 2


@pytest.mark.asyncio
async def test_workers_never_cancelled_are_listed_waiting_in_get():
    case = small()
    done = await run_watched(
        pool(case.source, case.processor.traiter, 3, cancel=False, wait=False),
        case.activity,
        grace=GRACE,
    )
    assert done.leftover == ["worker (attend un élément dans file.get())"] * 3
    await asyncio.sleep(0)
    assert asyncio.all_tasks() == {asyncio.current_task()}  # cleaned up by the runner


@pytest.mark.asyncio
async def test_a_worker_waiting_with_a_time_limit_is_described_so():
    """The advice for a worker that stops after a timed wait on an empty
    queue (fail_stuck) depends on this description, on every version."""
    file: asyncio.Queue[str] = asyncio.Queue()

    async def worker():
        await asyncio.wait_for(file.get(), 5)

    task = asyncio.create_task(worker())
    await asyncio.sleep(0.01)
    described = describe_task(task)
    task.cancel()
    if sys.version_info >= (3, 12):
        assert described == "worker (attend un élément dans file.get(), avec un délai (wait_for))"
    else:  # wait_for runs file.get() in a task of its own
        assert described == "worker (en attente dans wait_for)"


@pytest.mark.asyncio
async def test_a_join_without_task_done_is_stuck_in_join():
    case = small()
    with pytest.raises(Stuck) as stuck:
        await run_watched(
            pool(case.source, case.processor.traiter, 2, task_done=False),
            case.activity,
            grace=GRACE,
        )
    assert stuck.value.in_join
    assert stuck.value.waiting_in_get == 2
    assert sorted(case.processor.finished) == ["a", "b", "c", "d", "e"]
    await asyncio.sleep(0)
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert asyncio.current_task().cancelling() == 0


@pytest.mark.asyncio
async def test_gathering_workers_never_cancelled_is_stuck_outside_join():
    case = small()
    with pytest.raises(Stuck) as stuck:
        await run_watched(
            pool(case.source, case.processor.traiter, 2, cancel=False), case.activity, grace=GRACE
        )
    assert not stuck.value.in_join
    assert stuck.value.waiting_in_get == 2


@pytest.mark.asyncio
async def test_slow_work_in_progress_is_never_called_stuck():
    activity = Activity()
    case = scenario([("lent", 0.0)], {"lent": "L"}, {"lent": 3 * GRACE}, 1)
    case.processor.activity = case.source.activity = activity
    done = await run_watched(pool(case.source, case.processor.traiter, 1), activity, grace=GRACE)
    assert done.value == {"lent": "L"}


@pytest.mark.asyncio
async def test_an_outside_time_limit_still_wins():
    case = small()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(
            run_watched(
                pool(case.source, case.processor.traiter, 2, task_done=False),
                case.activity,
                grace=10,
            ),
            0.3,
        )


@pytest.mark.asyncio
async def test_await_chain_names_where_a_coroutine_waits():
    file = asyncio.Queue()
    file.put_nowait(1)

    async def main():
        await file.join()

    coro = main()
    task = asyncio.create_task(coro)
    await asyncio.sleep(0.01)
    assert await_chain(coro)[1:3] == ["Queue.join", "Event.wait"]
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


QUARANTINE_SCRIPT = """
import asyncio
from tests.support.work_queue import Activity, Stuck, run_watched

async def stubborn(file):
    while True:
        try:
            await file.get()
        except BaseException:
            continue

async def student():
    file = asyncio.Queue()
    tasks = [asyncio.create_task(stubborn(file)) for _ in range(2)]
    await asyncio.sleep(0)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

async def main():
    try:
        await run_watched(student(), Activity(), grace=0.1)
    except Stuck as stuck:
        print("refused:", len(stuck.refused))

asyncio.run(main())
print("fini")
"""


def test_tasks_that_ignore_cancellation_do_not_block_the_process():
    # In a child process: the quarantine freezes the garbage collector.
    done = subprocess.run(
        [sys.executable, "-c", QUARANTINE_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["refused:", "2", "fini"]


def test_the_expected_shape_shares_the_elements_as_they_arrive():
    # a, b, c at once, then d and e 50 ms later; 10 ms each, 2 workers: the
    # first free (the one waiting longest) takes the next element.
    drawn = small().shared_workload()
    got = [(b.label, round(b.start, 3), round(b.end or 0, 3), b.lane) for b in drawn]
    assert got == [
        ("traiter('a')", 0.0, 0.01, "travailleur 1"),
        ("traiter('b')", 0.0, 0.01, "travailleur 2"),
        ("traiter('c')", 0.01, 0.02, "travailleur 1"),
        ("traiter('d')", 0.05, 0.06, "travailleur 2"),
        ("traiter('e')", 0.05, 0.06, "travailleur 1"),
    ]


@pytest.mark.asyncio
async def test_each_call_is_drawn_in_the_lane_of_the_worker_that_took_it():
    case = small()
    origin = time.perf_counter()
    with counting_takes(case):
        await run_watched(pool(case.source, case.processor.traiter, 2), case.activity, grace=GRACE)
    drawn = case.bars(origin)
    assert sorted(b.label for b in drawn) == [f"traiter('{e}')" for e in "abcde"]
    assert {b.lane for b in drawn} == {"travailleur 1", "travailleur 2"}
    assert all(b.end is not None and 0 <= b.start < b.end for b in drawn)
    text = case.shared_between_workers(origin).text()
    assert text.count("| travailleur ") == 4, text  # 2 rows observed, 2 expected


@pytest.mark.asyncio
async def test_workers_left_running_are_drawn_unfinished():
    case = small()
    origin = time.perf_counter()
    with counting_takes(case):
        done = await run_watched(
            pool(case.source, case.processor.traiter, 3, cancel=False, wait=False),
            case.activity,
            grace=GRACE,
        )
    case.pending_at_return = set(done.pending)  # what call_watched does
    unfinished = [b for b in case.bars(origin) if b.end is None]
    assert len(unfinished) == 3  # each of the 3 workers had processed an element
    assert {b.lane for b in unfinished} == {f"travailleur {n}" for n in (1, 2, 3)}


@pytest.mark.asyncio
async def test_one_task_per_element_is_one_lane_per_element():
    case = small()
    origin = time.perf_counter()
    elements = [e async for e in case.source]
    await asyncio.gather(*(case.processor.traiter(e) for e in elements))
    assert len({b.lane for b in case.bars(origin)}) == 5

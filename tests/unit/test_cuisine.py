"""Exercise 03's kitchen: one journal, and overlap seen only for work started early."""

import asyncio

import pytest

from tests.support.clock import perf_counter
from tests.support.cuisine import CANCELLED, END, FAILED, START, EtapeRatee, Kitchen


def steps(kitchen):
    return (
        kitchen.step("cuire", lambda p: f"{p} cuit", 0.02),
        kitchen.step("preparer", lambda e: f"{e} prête", 0.01),
    )


@pytest.mark.asyncio
async def test_a_bare_coroutine_does_not_overlap():
    kitchen = Kitchen()
    cuire, preparer = steps(kitchen)
    plat = cuire("gratin")
    assert await preparer("salade") == "salade prête"
    assert await plat == "gratin cuit"
    assert kitchen.in_flight.peak == 1
    assert kitchen.journal == [("preparer", "salade", START), ("preparer", "salade", END),
                               ("cuire", "gratin", START), ("cuire", "gratin", END)]  # fmt: skip


@pytest.mark.asyncio
async def test_a_task_created_early_overlaps():
    kitchen = Kitchen()
    cuire, preparer = steps(kitchen)
    plat = asyncio.create_task(cuire("gratin"))
    await preparer("salade")
    await plat
    assert kitchen.in_flight.peak == 2
    assert (kitchen.count("cuire", START), kitchen.count("cuire", END)) == (1, 1)
    assert kitchen.describe().startswith(
        "preparer('salade') commence, puis cuire('gratin') commence"
    )
    assert Kitchen().describe() == "aucune étape n'a commencé"


@pytest.mark.asyncio
async def test_a_failing_step_raises_after_its_delay_and_says_so():
    kitchen = Kitchen()
    cuire = kitchen.step("cuire", lambda p: f"{p} cuit", 0.01, error="four en panne")
    with pytest.raises(EtapeRatee, match="four en panne"):
        await cuire("gratin")
    assert kitchen.journal == [("cuire", "gratin", START), ("cuire", "gratin", FAILED)]
    assert kitchen.unfinished("cuire") == 0
    assert kitchen.in_flight.current == 0


@pytest.mark.asyncio
async def test_a_cancelled_step_is_not_counted_as_running():
    kitchen = Kitchen()
    cuire = kitchen.step("cuire", lambda p: f"{p} cuit", 10)
    task = asyncio.create_task(cuire("gratin"))
    await asyncio.sleep(0)
    assert kitchen.unfinished("cuire") == 1
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert kitchen.journal[-1] == ("cuire", "gratin", CANCELLED)
    assert kitchen.unfinished("cuire") == 0
    assert kitchen.describe().endswith("cuire('gratin') est annulé")


@pytest.mark.asyncio
async def test_each_run_is_timed_on_the_row_of_its_step():
    kitchen = Kitchen()
    cuire, preparer = steps(kitchen)
    origin = perf_counter()
    await cuire("gratin")  # awaited at once: no overlap
    await preparer("salade")
    again = asyncio.create_task(cuire("gratin"))
    await asyncio.sleep(0)
    returned = perf_counter()
    bars = kitchen.bars(origin, returned)
    assert [(b.label, b.lane) for b in bars] == [
        ("cuire('gratin')", "cuire"),
        ("preparer('salade')", "preparer"),
        ("cuire('gratin')", "cuire n°2"),
    ]
    first, second, third = bars
    assert first.end is not None
    assert second.end is not None
    assert 0 <= first.start < first.end <= second.start < second.end
    assert third.end is None  # still cooking at the return
    again.cancel()
    await asyncio.gather(again, return_exceptions=True)
    assert kitchen.bars(origin)[2].label == "cuire('gratin') est annulé"
    assert kitchen.bars(origin, returned)[2].end is None


def test_the_expected_shape_starts_both_steps_at_once():
    kitchen = Kitchen()
    steps(kitchen)
    items = {"cuire": "gratin", "preparer": "salade"}
    expected = kitchen.side_by_side(0.0, items).expected.bars
    assert [(b.label, b.start, b.end, b.lane) for b in expected] == [
        ("cuire('gratin')", 0.0, 0.02, "cuire"),
        ("preparer('salade')", 0.0, 0.01, "preparer"),
    ]


def test_the_cooking_is_expected_cancelled_when_the_starter_fails_first():
    items = {"cuire": "gratin", "preparer": "salade"}
    starter_fails = Kitchen()
    starter_fails.step("cuire", str, 0.05)
    starter_fails.step("preparer", str, 0.01, error="plus de salade")
    cuire, preparer = starter_fails.side_by_side(0.0, items).expected.bars
    assert (cuire.label, cuire.end) == ("cuire('gratin') est annulé", 0.01)
    assert (preparer.label, preparer.end) == ("preparer('salade') échoue", 0.01)
    cooking_fails = Kitchen()
    cooking_fails.step("cuire", str, 0.01, error="four en panne")
    cooking_fails.step("preparer", str, 0.05)
    cuire, preparer = cooking_fails.side_by_side(0.0, items).expected.bars
    assert (cuire.label, cuire.end) == ("cuire('gratin') échoue", 0.01)
    assert (preparer.label, preparer.end) == ("preparer('salade')", 0.05)

"""Exercise 03's kitchen: one journal, and overlap seen only for work started early."""

import asyncio

import pytest

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

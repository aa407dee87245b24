"""The download log of ex08 tells a sliding window from batches and from no
limit: the slow first download holds its place until every other url has
started, which only a sliding window reaches."""

import asyncio
import random

import pytest

from tests.support.limited_downloads import (
    HOLD_PATIENCE,
    Downloads,
    random_downloads,
    slow_first_downloads,
)


def case(limite: int = 2) -> Downloads:
    """6 urls of 5 ms, the first download started holding its place."""
    urls = [f"u{i}" for i in range(6)]
    return Downloads(
        urls, limite, {u: u.upper() for u in urls}, lambda _n, _u: 0.005, hold_first=True
    )


async def sliding(c: Downloads) -> list[str]:
    semaphore = asyncio.Semaphore(c.limite)

    async def one(url: str) -> str:
        async with semaphore:
            return await c.operation(url)

    return await asyncio.gather(*(one(u) for u in c.urls))


async def batches(c: Downloads) -> list[str]:
    out: list[str] = []
    for i in range(0, len(c.urls), c.limite):
        out += await asyncio.gather(*(c.operation(u) for u in c.urls[i : i + c.limite]))
    return out


@pytest.mark.asyncio
async def test_a_sliding_window_lets_the_slow_download_see_every_url_start():
    c = case()
    assert await sliding(c) == ["U0", "U1", "U2", "U3", "U4", "U5"]
    assert c.in_flight.peak == 2
    assert c.hold is not None
    assert not c.hold.gave_up
    assert ("début", "u5") in c.during_hold()


@pytest.mark.asyncio
async def test_batches_leave_the_slow_download_waiting_until_its_patience():
    c = case()
    assert await batches(c) == ["U0", "U1", "U2", "U3", "U4", "U5"]
    assert c.in_flight.peak == 2
    assert c.hold is not None
    assert c.hold.gave_up
    assert c.hold.waiting == 4  # the next batches never started
    assert c.hold.in_flight == 1


@pytest.mark.asyncio
async def test_one_by_one_never_starts_a_second_download_while_the_first_holds():
    c = case()
    for u in c.urls:
        await c.operation(u)
    assert c.hold is not None
    assert c.hold.gave_up
    assert c.during_hold() == []
    assert c.in_flight.peak == 1


@pytest.mark.asyncio
async def test_completion_order_is_the_order_of_the_end_events():
    c = random_downloads(random.Random())
    await sliding(c)
    assert c.completion_order() != c.expected()
    assert sorted(c.completion_order()) == sorted(c.expected())


def test_random_scenarios_stay_in_their_ranges():
    for _ in range(50):
        c = slow_first_downloads(random.Random())
        assert 10 <= len(c.urls) <= 20
        assert 2 <= c.limite <= 5
        assert c.hold_first
        # The second url ends before the first, whatever the limit.
        assert c.delay_of(0, c.urls[0]) > c.delay_of(1, c.urls[1])
    assert HOLD_PATIENCE >= 0.5

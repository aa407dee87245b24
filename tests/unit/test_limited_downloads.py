"""The download log of ex08 tells a sliding window from batches and from no limit."""

import asyncio
import random

import pytest

from tests.harness.limited_downloads import Downloads, random_downloads, slow_first_downloads


def case(limite: int = 2) -> Downloads:
    """6 urls, the first download started lasts 100 ms, the others 5 ms."""
    urls = [f"u{i}" for i in range(6)]
    return Downloads(
        urls, limite, {u: u.upper() for u in urls}, lambda n, _: 0.1 if n == 0 else 0.005
    )


async def sliding(c: Downloads) -> list[str]:
    semaphore = asyncio.Semaphore(c.limite)

    async def one(url: str) -> str:
        async with semaphore:
            return await c.fake.operation(url)

    return await asyncio.gather(*(one(u) for u in c.urls))


async def batches(c: Downloads) -> list[str]:
    out: list[str] = []
    for i in range(0, len(c.urls), c.limite):
        out += await asyncio.gather(*(c.fake.operation(u) for u in c.urls[i : i + c.limite]))
    return out


@pytest.mark.asyncio
async def test_a_sliding_window_reuses_freed_slots():
    c = case()
    assert await sliding(c) == ["U0", "U1", "U2", "U3", "U4", "U5"]
    assert c.fake.in_flight.peak == 2
    reused, finished = c.slot_reuse() or (None, 0)
    assert reused is True
    assert finished >= 1


@pytest.mark.asyncio
async def test_batches_wait_for_the_slow_download():
    c = case()
    await batches(c)
    assert c.fake.in_flight.peak == 2
    assert c.slot_reuse() == (False, 1)


@pytest.mark.asyncio
async def test_no_limit_and_one_by_one_never_reach_the_situation():
    everything = case()
    await asyncio.gather(*(everything.fake.operation(u) for u in everything.urls))
    assert everything.slot_reuse() is None
    one_by_one = case()
    for u in one_by_one.urls:
        await one_by_one.fake.operation(u)
    assert one_by_one.slot_reuse() is None


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
        assert c.delay_of(0, c.urls[3]) == 0.2
        assert c.delay_of(1, c.urls[0]) > c.delay_of(1, c.urls[1])

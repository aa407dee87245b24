"""The download log of ex08 tells a sliding window from batches and from no
limit: the slow first download holds its place until every other url has
started, which only a sliding window reaches."""

import asyncio
import random
import time

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


def spans(drawn) -> list[tuple[float, float]]:
    return [(round(b.start, 3), round(b.end, 3)) for b in drawn]


def test_the_expected_shape_is_a_sliding_window():
    urls = [f"u{i}" for i in range(5)]
    delays = dict(zip(urls, [0.03, 0.01, 0.02, 0.01, 0.01], strict=True))
    c = Downloads(urls, 2, {u: u for u in urls}, lambda _n, u: delays[u])
    # Each url takes the first place given back, not the end of a batch.
    assert spans(c.window()) == [(0, 0.03), (0, 0.01), (0.01, 0.03), (0.03, 0.04), (0.03, 0.04)]
    assert [b.label for b in c.window()][:2] == ["telecharger('u0')", "telecharger('u1')"]


def test_the_slow_first_download_ends_when_the_last_url_starts():
    # 6 urls of 5 ms, 2 places: the 5 others go one by one through the second.
    assert spans(case().window()) == [(0, 0.02)] + [(0.005 * i, 0.005 * (i + 1)) for i in range(5)]


def test_the_failing_download_ends_when_every_other_has_ended():
    c = case()
    c.hold_first, c.failing = False, c.urls[0]
    assert spans(c.window())[0] == (0, 0.025)


def test_fewer_urls_than_places_all_start_at_once():
    c = random_downloads(random.Random(8), 3)
    c.limite = 5
    assert all(b.start == 0 for b in c.window())


@pytest.mark.asyncio
async def test_the_drawing_has_a_row_per_place_for_a_window_and_one_for_one_by_one():
    c = random_downloads(random.Random(3), 10)
    c.limite = 3
    origin = time.perf_counter()
    await sliding(c)
    assert all(b.end is not None for b in c.bars(origin))
    text = c.sliding_window(origin).text()
    assert len([line for line in text.splitlines() if "|" in line]) == 3 + 3, text
    c = random_downloads(random.Random(3), 10)
    c.limite = 3
    origin = time.perf_counter()
    for u in c.urls:
        await c.operation(u)
    text = c.sliding_window(origin).text()
    assert len([line for line in text.splitlines() if "|" in line]) == 1 + 3, text

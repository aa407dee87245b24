"""Real clocks and a real sleep, captured before any student module is imported.

A student's module could replace `time.perf_counter` or `asyncio.sleep`; the
measurements only use these references, bound when the test session starts.
"""

import asyncio
import time

perf_counter = time.perf_counter
monotonic = time.monotonic


async def loop_sleep(delay: float) -> None:
    """Sleep on the running loop with `call_later`, never through `asyncio.sleep`."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[None] = loop.create_future()
    handle = loop.call_later(delay, _resolve, future)
    try:
        await future
    finally:
        handle.cancel()


def _resolve(future: "asyncio.Future[None]") -> None:
    if not future.done():
        future.set_result(None)

"""How long the event loop was blocked while some code ran.

A heartbeat task asks to wake up every `interval` seconds and records how
late it woke up. CPU work done inside the loop delays it by the whole work;
work sent to another process or thread barely does.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

from tests.harness.clock import loop_sleep, perf_counter


class LagMonitor:
    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.worst = 0.0
        self.beats = 0
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        while True:
            start = perf_counter()
            await loop_sleep(self.interval)
            self.beats += 1
            self.worst = max(self.worst, perf_counter() - start - self.interval)

    async def __aenter__(self) -> LagMonitor:
        self._task = asyncio.create_task(self._beat())
        await loop_sleep(0)  # let the first beat start before the measured code
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Let the heartbeat wake up at least once more: a stall that ends
        # right before the exit is only seen by the next beat.
        await loop_sleep(2 * self.interval)
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

"""Fake jobs whose every step the test sees: started, finished, failed,
cancelled, still running; and a fake clean-up that notes what was running
when it was called.

Each job waits on a loop timer (`loop_sleep`), so the student's code cannot
speed it up, and a job that was neither cancelled nor awaited keeps running
on its own: exactly what a supervision mistake leaves behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tests.support.clock import loop_sleep
from tests.support.concurrency import InFlight


class State(Enum):
    WAITING = "jamais démarré"
    RUNNING = "en cours"
    DONE = "terminé"
    FAILED = "échoué"
    CANCELLED = "annulé"


@dataclass
class Job:
    """One job: after `delay` seconds, returns `result` or raises `error`."""

    name: str
    delay: float
    result: Any = None
    error: BaseException | None = None
    state: State = State.WAITING
    starts: int = 0
    task: asyncio.Task[Any] | None = None  # the task that runs it, once started


@dataclass
class Jobs:
    """The jobs handed to the student's code, and what happened to them."""

    jobs: list[Job]
    in_flight: InFlight = field(default_factory=InFlight)
    cleaned: bool = False  # nettoyer() was called
    # Jobs that ran after nettoyer() was called: their task had not even
    # started when it was (created, not yet run), or still went on.
    after_cleanup: list[str] = field(default_factory=list)

    def functions(self) -> list[Callable[[], Awaitable[Any]]]:
        """The coroutine functions the student's code receives, one per job."""
        return [self._function(job) for job in self.jobs]

    def _function(self, job: Job) -> Callable[[], Awaitable[Any]]:
        async def run() -> Any:
            job.starts += 1
            job.state = State.RUNNING
            job.task = asyncio.current_task()
            self.in_flight.enter()
            if self.cleaned and job.name not in self.after_cleanup:
                self.after_cleanup.append(job.name)
            try:
                await loop_sleep(job.delay)
            except asyncio.CancelledError:
                job.state = State.CANCELLED
                raise
            finally:
                self.in_flight.leave()
                if self.cleaned and job.name not in self.after_cleanup:
                    self.after_cleanup.append(job.name)
            if job.error is not None:
                job.state = State.FAILED
                raise job.error
            job.state = State.DONE
            return job.result

        run.__name__ = run.__qualname__ = job.name
        return run

    def names(self, *states: State) -> list[str]:
        return [job.name for job in self.jobs if job.state in states]

    def running(self) -> list[str]:
        return self.names(State.RUNNING)

    def cancel_requested(self) -> list[str]:
        """Running jobs whose task was asked to cancel (task.cancel()) and has
        not processed it yet: a cancellation nobody waited for."""
        return [
            job.name
            for job in self.jobs
            if job.state is State.RUNNING and job.task is not None and job.task.cancelling()
        ]


@dataclass
class Cleanup:
    """The `nettoyer()` handed to the student's code: a plain function that
    notes, at each call, which jobs were still running."""

    jobs: Jobs
    running_at_calls: list[list[str]] = field(default_factory=list)

    def __call__(self) -> None:
        self.running_at_calls.append(self.jobs.running())
        self.jobs.cleaned = True

    @property
    def calls(self) -> int:
        return len(self.running_at_calls)


def leaves(error: BaseException) -> list[BaseException]:
    """The exceptions inside an exception group, however nested; or `error`."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]

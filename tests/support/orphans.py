"""Tasks the student's code leaves behind, and task errors nobody retrieved.

Two facts only the event loop knows, so the test observes them there:

- which tasks started during the student's call are still unfinished at the
  very moment the call returns or raises. The snapshot is taken inside the
  same task step as the return (`Leftovers.watch`), so a cancellation that was
  requested but not yet processed still counts as running, on every Python
  version (`asyncio.wait_for` adds loop iterations on 3.11 only);
- "Task exception was never retrieved": asyncio reports it from the task's
  finalizer to the loop's exception handler, never as an exception. The
  handler is replaced for the block (`record_loop_errors`) and a garbage
  collection runs before it is restored, so every dropped task is seen.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from tests.support.clock import loop_sleep, perf_counter

T = TypeVar("T")

_POLL = 0.002
# Tasks the tests start themselves (a heartbeat…) carry this name prefix, so
# that they are never counted as the student's.
HARNESS_TASK = "banc-de-test:"


def is_harness_task(task: asyncio.Task[Any]) -> bool:
    return task.get_name().startswith(HARNESS_TASK)


def task_label(task: asyncio.Task[Any]) -> str:
    """The name of the coroutine a task runs, as the student wrote it."""
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", None) or task.get_name()
    return str(name).replace(".<locals>", "")


def summarize(labels: Iterable[str]) -> str:
    """'envoyer (×3), tache' for a list of labels."""
    counts = Counter(labels)
    return ", ".join(f"{name} (×{n})" if n > 1 else name for name, n in sorted(counts.items()))


class Leftovers:
    """Tasks created after this object, i.e. during the student's call.

    Create it inside the running loop, right before the call."""

    def __init__(self) -> None:
        self._known = asyncio.all_tasks()
        self.at_return: list[str] = []

    def pending(self) -> set[asyncio.Task[Any]]:
        """Unfinished tasks started since this object was created."""
        current = asyncio.current_task()
        return {
            t
            for t in asyncio.all_tasks()
            if t not in self._known and t is not current and not is_harness_task(t)
        }

    async def watch(
        self, awaitable: Awaitable[T], on_return: Callable[[], object] | None = None
    ) -> T:
        """Await the student's code and note what it left running; `on_return`
        runs at the same instant, for the test's own fakes to note their state."""
        try:
            return await awaitable
        finally:
            self.at_return = sorted(task_label(t) for t in self.pending())
            if on_return is not None:
                on_return()

    async def settle(self, patience: float) -> list[str]:
        """Let leftover tasks end by themselves (without retrieving their
        results); return the labels of those still running after `patience`."""
        deadline = perf_counter() + patience
        while self.pending() and perf_counter() < deadline:
            await loop_sleep(_POLL)
        return sorted(task_label(t) for t in self.pending())

    async def cancel(self, patience: float = 1.0) -> None:
        """Stop whatever the student's code left running."""
        for task in self.pending():
            task.cancel()
        await self.settle(patience)


@dataclass(frozen=True)
class LoopError:
    """One report that reached the loop's exception handler."""

    message: str
    exception: BaseException | None

    def describe(self) -> str:
        """The exception ('ValueError: …'), or the message if there is none."""
        exc = self.exception
        if exc is None:
            return self.message
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@contextmanager
def record_loop_errors() -> Iterator[list[LoopError]]:
    """Record what reaches the running loop's exception handler in the block.

    Must be entered inside the loop. Tasks the block dropped are collected
    before it ends, so their "exception was never retrieved" is included."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    errors: list[LoopError] = []

    def handler(_: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        errors.append(LoopError(str(context.get("message", "")), context.get("exception")))

    loop.set_exception_handler(handler)
    try:
        yield errors
    finally:
        gc.collect()
        loop.set_exception_handler(previous)


def never_retrieved(errors: Iterable[LoopError]) -> list[LoopError]:
    return [e for e in errors if "never retrieved" in e.message]


@dataclass
class Silenced:
    """A task that had ended on an error when the student's code called its
    cancel(): that call does nothing to a finished task, but asyncio then no
    longer warns that its error was never retrieved. `read`: the code read
    the error afterwards all the same (await, result(), exception())."""

    task: str  # the coroutine it ran, as the student wrote it (task_label)
    # The error's type and text, not the error: its traceback would keep
    # frames, and through them tasks, alive.
    error_type: type[BaseException]
    error: str
    read: bool = False


class _WatchedTask(asyncio.Task[Any]):
    """A task that notes a cancel() which silenced its unread error."""

    silenced: tuple[list[Silenced], ...] = ()  # where to note it (the watches' lists)
    note: Silenced | None = None

    def cancel(self, msg: Any = None) -> bool:
        if self.silenced and self.done() and self._log_traceback:
            error = super().exception()  # what cancel() is about to hush anyway
            if error is not None:
                self.note = Silenced(
                    task_label(self), type(error), f"{type(error).__name__}: {error}"
                )
                for found in self.silenced:
                    found.append(self.note)
        return super().cancel(msg)

    def _read(self) -> None:
        if self.note is not None:
            self.note.read = True

    def result(self) -> Any:
        self._read()
        return super().result()

    def exception(self) -> BaseException | None:
        self._read()
        return super().exception()

    def __await__(self) -> Generator[Any, None, Any]:
        try:
            return (yield from super().__await__())
        finally:
            self._read()


class _WatchingFactory:
    """The loop's task factory while errors silenced are watched: its tasks
    note them in the lists of every watch open when they were created."""

    def __init__(self, silenced: tuple[list[Silenced], ...]) -> None:
        self.silenced = silenced

    def __call__(
        self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
    ) -> asyncio.Task[Any]:
        task = _WatchedTask(coro, loop=loop, **kwargs)
        task.silenced = self.silenced
        return task


@contextmanager
def watch_silenced_errors() -> Iterator[list[Silenced]]:
    """The errors silenced by a cancel() of a finished task (Silenced),
    among the tasks the block creates on the running loop. The list keeps
    no task alive: a task dropped unread is still collected, and reported
    never retrieved, as before. Watches nest (ex03's own, inside it the
    course's rule C3: tests/support/course_rules.py); a task factory the
    student's code sets in the block replaces the watch from then on."""
    loop = asyncio.get_running_loop()
    previous = loop.get_task_factory()
    found: list[Silenced] = []
    outer = previous.silenced if isinstance(previous, _WatchingFactory) else ()
    loop.set_task_factory(_WatchingFactory((*outer, found)))
    try:
        yield found
    finally:
        loop.set_task_factory(previous)

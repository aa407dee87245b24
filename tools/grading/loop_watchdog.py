"""Code that stops giving control back to the event loop, diagnosed in seconds at its line.

An infinite loop, a `time.sleep` or a huge computation inside a coroutine
blocks the event loop: no timer fires, so `asyncio.wait_for` cannot stop it,
and pytest-timeout only does after its hang guard (30 s), with a message
that cannot say where. Worse, a loop that creates a task at each turn grows
by tens of megabytes a second meanwhile.

A thread of the test process samples the main thread's stack every
`SAMPLE` s, and that of the thread a test runs the student's code in when it
must (ex01's `main` owns its loop: tests/support/premiere_coroutine.py).
Every callback of the event loop (a task's step included) runs in one call
of `asyncio.events.Handle._run`, hence one frame object; when the
same callback has run the student's code for `LIMIT` s (their own code, or
asyncio called by it), or has been waiting from it for other threads or
processes for `WAIT_LIMIT` s (a pool's shutdown, `future.result()`), the
loop is blocked there. Time spent in the tests' own fake work called by the
student (ex06's blocking client, ex07's computation) is not counted: those
tests measure that blocking themselves and say so in their own words. Many
short callbacks in a row are not this module's concern either: the tests
that care measure the loop's lateness. The thread then:
- records where (the student's file, line, code and function), for the
  `student` fixture: the test fails with that diagnosis, and the remaining
  tests of the exercise fail at once instead of each waiting for the same hang;
- writes it to the file the grader named in $ASYNCIO_EXERCICES_DIAGNOSTIC
  (conftest.py takes the variable out of the environment before any student
  code runs): the grader reads it when it had to stop the process;
- interrupts the main thread with `StuckLoop` (a pytest failure, which
  `except Exception` does not catch): on POSIX by a real signal sent to that
  thread, which also ends a blocking call such as `time.sleep`; on Windows by
  `_thread.interrupt_main`, which stops Python code but lets a blocking call
  run to its end first. In the other watched thread, `StuckLoop` is raised
  asynchronously (PyThreadState_SetAsyncExc, every system): it stops Python
  code, not a blocking call;
- if the code is still stuck `GIVE_UP` s later (it caught the interruption
  and went on, or it is inside a blocking call that the interruption could
  not end), prints the diagnosis and ends the process: the grader then
  reports it from the diagnostic file, and a student's run stops with the
  reason on screen instead of hanging.

All of this needs the GIL. One C call that keeps it (`sum(range(10**11))`)
lets neither this thread nor pytest-timeout run, and Ctrl+C waits for its
end. So, while a test is armed, this thread also keeps pushing back a
`faulthandler.dump_traceback_later(GUARD, exit=True)`, whose own thread runs
without the GIL: if for `GUARD` s (6 s) not even this thread could run, the
stacks are written to the file in $ASYNCIO_EXERCICES_BLOCAGE and the process
ends; the grader, `nox`, `nox -s watch` (or the next pytest run started by
hand) explain it in French at the student's line (tools/common/stuck_call.py).
This works the same on Linux, macOS and Windows.

Nothing else does this: pytest-timeout measures whole tests and cannot tell a
blocked loop from a slow test, and asyncio's debug mode only logs a slow
callback once it has ended.

On Linux the time the watched thread spent waiting for a CPU (a loaded
machine) is not counted, never a time it provably slept either
(tools/common/thread_clock.py: each sample is also a look at the thread), so
a correct answer on a busy machine is never taken for a blocked one. A correct answer
keeps each callback far below `LIMIT`: the exercises' own delays are tenths
of a second.
"""

from __future__ import annotations

import _thread
import asyncio
import contextlib
import ctypes
import faulthandler
import inspect
import linecache
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from _pytest.outcomes import Failed

from tools.common import french
from tools.common.paths import COURSE, shown_path
from tools.common.stuck_call import GUARD, with_first_coroutine
from tools.common.thread_clock import ThreadClock
from tools.grading.limits import MEMORY_ADVICE

LIMIT = 1.0  # seconds one callback of the loop may spend in the student's code
# ...or waiting, from it, for other threads or processes: such a wait ends by
# itself unless the work it waits for never ends.
WAIT_LIMIT = 5.0
SAMPLE = 0.05  # seconds between two looks at the main thread
GIVE_UP = 5.0  # seconds after the first interruption before the process is ended
RETRY = 1.0  # seconds between two interruptions of code that swallowed one
# How often the armed watchdog pushes the last-resort guard back (each push
# starts a new faulthandler thread: not at every sample).
GUARD_PUSH = 0.5
DIAGNOSTIC_VARIABLE = "ASYNCIO_EXERCICES_DIAGNOSTIC"
# The exit status of a process ended by the watchdog (no test result: the
# grader reads the diagnostic file).
EXIT_STATUS = 70
# Real signal on POSIX (it interrupts a blocking call); the Ctrl+Break signal,
# raised by _thread.interrupt_main, on Windows.
INTERRUPT_SIGNAL: signal.Signals = getattr(
    signal, "SIGUSR1", getattr(signal, "SIGBREAK", signal.SIGINT)
)
# One callback of the event loop: every task step and plain callback runs
# inside a call of asyncio.events.Handle._run.
_CALLBACK = ("_run", os.path.join("asyncio", "events.py"))
_ASYNCIO = os.path.normcase(os.path.dirname(asyncio.__file__))
# The tests and their support code (a copy of them, when grading).
_TESTS = os.path.normcase(str(Path(__file__).resolve().parents[1]))


class StuckLoop(Failed):
    """Raised in the student's code that blocked the loop: fails the test
    with the diagnosis (a pytest outcome, so `student.outcome` lets it through)."""


@dataclass(frozen=True)
class Stuck:
    """Where the student's code held the event loop."""

    file: str  # as shown to the student, relative to the repository
    line: int
    code: str
    function: str
    seconds: float
    # Deeper than MAX_WALK frames: a recursion without end, which would fill
    # the memory if the watchdog had not stopped it.
    deep: bool = False

    def where(self) -> str:
        code = f" : {self.code}" if self.code else ""
        return f"{self.file}, ligne {self.line}, dans {self.function}{code}"

    def message(self, label: str, sections: str) -> str:
        if self.deep:
            calls = f"{MAX_WALK:,}".replace(",", "\u202f")  # French thousands
            return (
                f"{label} Le code s'enfonce dans une récursion sans fin : il n'a pas rendu "
                f"la main depuis {french.decimal(self.seconds, 1)} s.\n"
                f"  Observé  : plus de {calls} appels imbriqués de ton code, "
                f"toujours en cours ici : {self.where()}\n"
                "  Attendu  : une fonction qui s'appelle elle-même seulement jusqu'à un cas "
                "d'arrêt, puis rend la main\n"
                f"  Conseil  : {MEMORY_ADVICE}\n"
                f"  À relire : {with_first_coroutine(sections)} dans {shown_path(COURSE)}"
            )
        return (
            f"{label} Le code bloque la boucle d'événements : il n'a pas rendu la main "
            f"depuis {french.decimal(self.seconds, 1)} s.\n"
            f"  Observé  : toujours en cours ici : {self.where()}\n"
            "  Attendu  : un code qui rend la main à la boucle (un `await` sur une attente) "
            "en une fraction de seconde\n"
            "  Conseil  : tant que ce code tourne sans `await`, rien d'autre ne s'exécute : "
            "ni les autres tâches, ni les délais. Cherche une boucle dont la condition ne "
            "change jamais (un indice qui n'avance pas), un time.sleep au lieu de "
            "`await asyncio.sleep`, ou un calcul énorme.\n"
            f"  À relire : {with_first_coroutine(sections)} dans {shown_path(COURSE)}"
        )

    def later(self, label: str) -> str:
        return (
            f"{label} Test non lancé : le code de cet exercice a bloqué la boucle "
            f"d'événements dans un test précédent ({self.where()}).\n"
            "  Corrige d'abord ce blocage (voir le premier échec de cet exercice), puis relance."
        )


# What runs on top of the student's code, in the callback that holds the loop.
OWN, TESTS, WAITING = "own", "tests", "waiting"
# Frames a look walks at most. A deeper stack is a recursion of the student's
# (ten times Python's default recursion limit): walking its millions of frames
# at each look took seconds and made a frame object of each, and the
# recursion then reached the memory cap before the watchdog could say anything.
MAX_WALK = 10_000
# The callback of a stack too deep to walk down to it: the same one from
# one look to the next, so that the recursion is timed like any callback.
_TOO_DEEP = object()


@dataclass(frozen=True)
class _Sample:
    callback: object  # the innermost call of asyncio.events.Handle._run, or _TOO_DEEP
    student: FrameType  # the innermost frame of the student's code above it
    # OWN: the student's code itself, or asyncio called by it (create_task…);
    # TESTS: the tests' own fake work called by the student (ex06's blocking
    # client, ex07's computation), whose blocking the test measures and judges
    # itself, with its own message: not counted;
    # WAITING: another library, waiting for other threads or processes
    # (a pool's shutdown, future.result()): counted up to WAIT_LIMIT only.
    top: str
    thread: int  # the ident of the thread that runs it


@dataclass
class _Armed:
    exercise: str  # id
    tree: str  # normalized folder of the student's files
    label: str  # "[NN · titre]"
    sections: str


class Watchdog:
    """The sampling thread, armed by the `student` fixture for each test."""

    def __init__(
        self,
        *,
        limit: float = LIMIT,
        wait_limit: float = WAIT_LIMIT,
        sample: float = SAMPLE,
        give_up: float = GIVE_UP,
        interrupt: Callable[[], None] | None = None,
        interrupt_thread: Callable[[int], None] | None = None,
        end_process: Callable[[str], None] | None = None,
        diagnostic: str | None = None,
        guard: IO[str] | None = None,
        guard_delay: float = GUARD,
    ) -> None:
        self.limit = limit
        self.wait_limit = wait_limit
        self.sample = sample
        self.give_up = give_up
        main = threading.main_thread()
        self._main_id = main.ident
        self._natives: dict[int, int] = {}  # thread ident -> the kernel's id
        if main.ident is not None and main.native_id is not None:
            self._natives[main.ident] = main.native_id
        self._clocks: dict[int, ThreadClock] = {}  # by the kernel's id; the thread's own
        self._interrupt = interrupt or _interrupt_main
        self._interrupt_thread = interrupt_thread or _raise_in_thread
        self._end_process = end_process or _end_process
        self._diagnostic = diagnostic  # file the grader reads, if any
        self._armed: _Armed | None = None
        self._extra: int | None = None  # another thread running the student's loop
        # Reentrant: the signal handler (raise_stuck) may run in the main thread
        # while it holds the lock (arm, disarm, a fork).
        self._lock = threading.RLock()
        # The last-resort guard: faulthandler writes there and ends the process.
        self._guard = guard
        self.guard_delay = guard_delay
        self._guard_armed = False
        self._pid = os.getpid()  # a forked child has no faulthandler thread to cancel
        self.fired: Stuck | None = None  # during the test armed now
        self.stuck: dict[str, Stuck] = {}  # exercise id -> its first diagnosis
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- used by the test process ------------------------------------------------

    def start(self) -> None:
        if self._thread is None and self._main_id is not None:
            self._thread = threading.Thread(target=self._run, name="loop-watchdog", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * self.sample + 1)
            self._thread = None
        while self._clocks:
            self._clocks.popitem()[1].close()

    def arm(self, exercise: str, tree: Path, label: str, sections: str) -> None:
        folder = os.path.normcase(str(tree.resolve()))
        with self._lock:
            self._armed = _Armed(exercise, folder, label, sections)
            self.fired = None
            self._push_guard()

    def disarm(self) -> None:
        with self._lock:
            self._armed = None
            self._extra = None
            self._cancel_guard()

    @contextlib.contextmanager
    def watching(self, thread: threading.Thread) -> Iterator[None]:
        """Also watch `thread` (started) while the block runs: the student's
        code runs its own event loop there."""
        with self._lock:
            self._extra = thread.ident
            if thread.ident is not None and thread.native_id is not None:
                self._natives[thread.ident] = thread.native_id
        try:
            yield
        finally:
            with self._lock:
                self._extra = None
                if thread.ident is not None:
                    self._natives.pop(thread.ident, None)

    # -- the last-resort guard (under self._lock) ---------------------------------

    def _push_guard(self) -> None:
        if self._guard is not None and os.getpid() == self._pid:
            faulthandler.dump_traceback_later(self.guard_delay, exit=True, file=self._guard)
            self._guard_armed = True

    def _cancel_guard(self) -> None:
        if self._guard_armed and os.getpid() == self._pid:
            faulthandler.cancel_dump_traceback_later()
        self._guard_armed = False

    def before_fork(self) -> None:
        """A forked child inherits an armed guard without its thread, and
        would hang at exit cancelling it: no guard while forking."""
        self._lock.acquire()
        if self._guard_armed and os.getpid() == self._pid:
            faulthandler.cancel_dump_traceback_later()

    def after_fork_in_parent(self) -> None:
        if self._guard_armed:
            self._push_guard()
        self._lock.release()

    def after_fork_in_child(self) -> None:
        self._guard_armed = False
        self._lock.release()

    # -- the thread ---------------------------------------------------------------

    def _run(self) -> None:
        callback: object = None  # the callback being timed
        own = waiting = 0.0  # seconds of it in the student's code, and waiting from there
        clock: ThreadClock | None = None  # that of the thread running the callback
        last, look = 0.0, None
        fired_at: float | None = None
        last_interrupt = pushed = 0.0
        while not self._stop.wait(self.sample):
            with self._lock:
                armed, extra = self._armed, self._extra
                if armed is not None and time.monotonic() - pushed >= GUARD_PUSH:
                    self._push_guard()
                    pushed = time.monotonic()
            if armed is None:
                callback, fired_at = None, None
                continue
            found = self._look(armed.tree, extra)
            now = time.monotonic()
            if found is None or found.callback is not callback:
                callback, fired_at = (found.callback if found else None), None
                own = waiting = 0.0
                clock = self._clock_of(found.thread) if found is not None else None
                last, look = now, clock.look() if clock is not None else None
                continue
            spent = now - last
            last, previous = now, look
            look = clock.look() if clock is not None else None
            if clock is not None and previous is not None and look is not None:
                spent -= clock.waited(previous.before, look.before, look.queued - previous.queued)
            if found.top == OWN:
                own += spent
            elif found.top == WAITING:
                waiting += spent
            if fired_at is None:
                if own < self.limit and own + waiting < self.wait_limit:
                    continue
                stuck = _describe(found.student, own + waiting, found.callback is _TOO_DEEP)
                self.fired = stuck
                self.stuck.setdefault(armed.exercise, stuck)
                self._write_diagnostic(stuck.message(armed.label, armed.sections))
                fired_at = last_interrupt = now
                self._interrupt_where(found.thread)
            elif now - fired_at >= self.give_up:
                stuck = _describe(found.student, own + waiting, found.callback is _TOO_DEEP)
                self._end_process(stuck.message(armed.label, armed.sections))
                return
            elif now - last_interrupt >= RETRY:
                last_interrupt = now
                self._interrupt_where(found.thread)

    def _clock_of(self, thread: int) -> ThreadClock | None:
        """The clock of `thread`, kept from one callback to the next (this
        thread only); those of threads no longer watched are closed."""
        with self._lock:
            natives = dict(self._natives)
        for native in set(self._clocks) - set(natives.values()):
            self._clocks.pop(native).close()
        if thread not in natives:
            return None
        native = natives[thread]
        if native not in self._clocks:
            # No witness thread of its own: this thread's samples are the looks.
            self._clocks[native] = ThreadClock(native)
        return self._clocks[native]

    def _interrupt_where(self, thread: int) -> None:
        if thread == self._main_id:
            self._interrupt()
        else:
            self._interrupt_thread(thread)

    def _look(self, tree: str, extra: int | None = None) -> _Sample | None:
        """What the main thread (else the `extra` one) runs, or None when
        neither runs the student's code inside a callback of an event loop."""
        frames = sys._current_frames()
        for thread in (self._main_id, extra):
            if thread is not None:
                found = self._look_at(frames.get(thread), tree, thread)
                if found is not None:
                    return found
        return None

    def _look_at(self, frame: FrameType | None, tree: str, thread: int) -> _Sample | None:
        student: FrameType | None = None
        above: set[str] = set()  # kinds of the frames above the student's innermost one
        walked = 0
        while frame is not None:
            walked += 1
            if walked > MAX_WALK:
                if student is None or above:
                    return None
                return _Sample(_TOO_DEEP, student, OWN, thread)
            code = frame.f_code
            folder = os.path.normcase(os.path.dirname(code.co_filename))
            if code.co_name == _CALLBACK[0] and code.co_filename.endswith(_CALLBACK[1]):
                if student is None:
                    return None
                top = TESTS if TESTS in above else WAITING if WAITING in above else OWN
                return _Sample(frame, student, top, thread)
            if folder == tree:
                student = student or frame
            elif student is None:
                if folder.startswith(_TESTS):
                    above.add(TESTS)
                elif folder != _ASYNCIO:
                    above.add(WAITING)
            frame = frame.f_back
        return None

    def _write_diagnostic(self, text: str) -> None:
        if self._diagnostic:
            with contextlib.suppress(OSError), open(self._diagnostic, "w", encoding="utf-8") as out:
                out.write(text + "\n")

    # -- what the interruption raises ----------------------------------------------

    def raise_stuck(self) -> None:
        """The signal handler's body, in the main thread."""
        with self._lock:
            armed = self._armed
        stuck = self.fired
        if armed is None or stuck is None:
            return  # the test ended meanwhile
        _cancel_unstarted_tasks()
        raise StuckLoop(stuck.message(armed.label, armed.sections), pytrace=False)


def _cancel_unstarted_tasks() -> None:
    """Cancel the tasks that never ran: the blocked code may have created one
    at each turn (a `while` whose index never advances), hundreds of
    thousands. Cancelled before their first step, each ends at once instead
    of starting its work, and none is left for the end of the test."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    for task in asyncio.all_tasks(loop):
        coroutine = task.get_coro()
        if inspect.iscoroutine(coroutine) and (
            inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
        ):
            task.cancel()


def _describe(frame: FrameType, seconds: float, deep: bool = False) -> Stuck:
    line = frame.f_lineno or frame.f_code.co_firstlineno
    code = linecache.getline(frame.f_code.co_filename, line).strip()
    return Stuck(
        file=shown_path(Path(frame.f_code.co_filename)),
        line=line,
        code=code,
        function=frame.f_code.co_name,
        seconds=seconds,
        deep=deep,
    )


def _raise_in_thread(thread: int) -> None:
    """StuckLoop in another thread, at its next bytecode (CPython)."""
    with contextlib.suppress(Exception):
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread), ctypes.py_object(StuckLoop)
        )


def _interrupt_main() -> None:
    if hasattr(signal, "pthread_kill"):
        main = threading.main_thread().ident
        if main is not None:
            with contextlib.suppress(OSError, ValueError):
                signal.pthread_kill(main, INTERRUPT_SIGNAL)
            return
    with contextlib.suppress(Exception):
        _thread.interrupt_main(INTERRUPT_SIGNAL)


def _end_process(message: str) -> None:
    stream = sys.__stderr__
    if stream is not None:
        with contextlib.suppress(Exception):
            stream.write(
                f"\n{message}\n  Le code n'a pas pu être interrompu : pytest est arrêté, les "
                "tests suivants n'ont pas tourné.\n"
            )
            stream.flush()
    os._exit(EXIT_STATUS)


_installed: Watchdog | None = None


def _before_fork() -> None:
    if _installed is not None:
        _installed.before_fork()


def _after_fork_in_parent() -> None:
    if _installed is not None:
        _installed.after_fork_in_parent()


def _after_fork_in_child() -> None:
    if _installed is not None:
        _installed.after_fork_in_child()


if hasattr(os, "register_at_fork"):  # POSIX; once per process (hooks cannot be removed)
    os.register_at_fork(
        before=_before_fork,
        after_in_parent=_after_fork_in_parent,
        after_in_child=_after_fork_in_child,
    )


@contextlib.contextmanager
def watching(thread: threading.Thread) -> Iterator[None]:
    """The installed watchdog also watches `thread` (started) during the
    block; nothing without one (a test module run on its own)."""
    watchdog = _installed
    if watchdog is None:
        yield
        return
    with watchdog.watching(thread):
        yield


def install(watchdog: Watchdog) -> Callable[[], None]:
    """Route the interruption signal to `watchdog` and start it; returns
    what undoes both. Must run in the main thread."""
    global _installed

    def handler(signum: int, frame: Any) -> None:
        watchdog.raise_stuck()

    previous = signal.signal(INTERRUPT_SIGNAL, handler)
    watchdog.start()
    outer, _installed = _installed, watchdog

    def uninstall() -> None:
        global _installed
        watchdog.disarm()  # and its guard
        watchdog.stop()
        if _installed is watchdog:
            _installed = outer
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(INTERRUPT_SIGNAL, previous)

    return uninstall

"""The CPU-bound job handed to the offload exercise, run in worker processes.

It is imported by worker processes under `spawn` and `forkserver`, so it
imports nothing heavy (no pytest) and everything in it pickles.

Each job records which process and thread ran it and when, then burns a
fixed number of iterations (work is counted in iterations, never in seconds,
so a slow machine does the same work, only slower); the job of `long_value`
burns `long_factor` times as many, so that jobs do not end in the order they
were given. When it runs in a worker process it also waits, still computing,
until `companions` jobs have started: a correct answer runs jobs side by
side, so the wait ends at once; jobs run one after the other never meet and
the first one fails after `patience` seconds with a clear error. That
patience only counts while no job waits for a worker: a job waits for one
while another worker of the call is still busy with a job (the journal says
so), or while a job sent to a process (noted when the test's process pickles
it: `submissions`) has not started and another worker of the call is still
starting (same parent, born with this one, no job run yet: a spawn worker
takes a second or more on a loaded machine). While one does, the job waits
on, up to `boot_patience`: the wait then measures the machine, not the
answer. Jobs awaited one after the other, alone or by batches, leave no
other worker busy and no job sent and not started while the last of them
waits, so they are told after `patience` however slowly the machine runs.

With `beats` set (a file the event loop of the test grows by one byte every
few milliseconds while the student's code runs), each job, once its work is
done, also waits up to `loop_patience` for the file to grow by two beats
since the job started, and reports whether it did: a loop left free while
the job runs (in a process or a thread) beats all along; a job run by the
loop's own thread, or a loop stuck waiting for the jobs (future.result(),
leaving the pool's `with` block before awaiting), cannot beat during the job,
however fast or slow the machine is. A job run by the loop's own thread does
not even wait: only the first one burns its work, the next ones return at
once (the answer is already wrong). A job run by another thread of the
test's process burns nothing either (wrong too: E2).

With `journal` set (a folder), each job also writes there, when it starts and
when it ends (even by an error), which process and thread ran it and when:
what a failure's timeline draws, including jobs that never returned a report
(a call that raised NoCompanionError) or were still running when the call
returned.

With `fork_mark` set (a token drawn for one call), the test's process writes
the same token in this module's FORK_MARK just before the call
(`mark_this_process`), and each job in a worker reports whether its process
sees it: only a worker forked from the test's process after that moment
copied it. A spawn worker is a fresh interpreter, and a forkserver worker is
forked from the fork server, itself a fresh interpreter (started with exec,
at this call or an earlier one): both import this module anew, with
FORK_MARK empty. A worker forked at an earlier call (a pool kept from one
call to the next) has an older token.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path

from tools.common import french

# A worker born this long before the job's own, and still without a job, is
# not one started for this call (the workers of a pool are born within
# milliseconds of each other, on demand or all at once).
SIBLING_SPREAD = 1.0
# A job looks for a worker still busy or starting once it has waited LOOK_AFTER
# seconds for its companions, then every LOOK_EVERY seconds.
LOOK_AFTER = 0.1
LOOK_EVERY = 0.05

# The token of the current call in the test's process (mark_this_process),
# copied by a fork only: "" in any process that imported this module itself.
FORK_MARK = ""


class NoCompanionError(RuntimeError):
    """Raised in a worker when no other job started while this one ran."""


# Ordered (by value first): what a job returns must let the student's code do
# what it would with any result, sorted() included.
@dataclass(frozen=True, order=True)
class JobReport:
    value: int
    result: int
    pid: int
    start: float
    end: float
    thread: int = 0  # threading.get_ident() of the thread that ran the job
    thread_name: str = ""
    # Whether the test's event loop beat while the job ran (always True
    # without `beats`).
    loop_answered: bool = True
    # How long the job waited for its companions while no job waited for a
    # worker still busy or starting: what `patience` bounds.
    waited_alone: float = 0.0
    # Whether the worker that ran the job was forked from the test's process
    # during the call (it sees the call's `fork_mark`): False in the test's
    # process itself, and in a worker started by spawn or forkserver.
    forked_from_test: bool = False


@dataclass(frozen=True)
class JobSettings:
    iterations: int
    parent_pid: int
    rendezvous: str
    companions: int
    patience: float
    long_value: int | None = None
    long_factor: float = 1.0
    beats: str = ""
    loop_patience: float = 1.0
    # The job of `long_value` waits for this many jobs to have started (all
    # of them): while it runs, the other workers must take the next jobs, which
    # jobs sent in batches, each awaited whole, never do.
    long_companions: int = 0
    # threading.get_ident() of the test's event loop thread (0: unknown).
    loop_thread: int = 0
    # A folder where each job notes its start and end (JobSpan), or "".
    journal: str = ""
    # A folder where the test's process notes each pickling of these
    # settings, that is each job sent to another process (see __reduce__), or
    # "". With it, a job whose companion waits for a worker still busy or
    # starting waits up to `boot_patience` instead of `patience`.
    submissions: str = ""
    boot_patience: float = 0.0
    # The token the test's process wrote in FORK_MARK for this call, or "".
    fork_mark: str = ""

    def __reduce__(self) -> tuple[type[JobSettings], tuple[object, ...]]:
        # Pickled by the test's process: one job sent to a worker process (a
        # pool pickles each job it sends; a fork worker inherits them and
        # goes uncounted, but starts in milliseconds). Never fails the pickle.
        if self.submissions and os.getpid() == self.parent_pid:
            name = f"{os.getpid()}-{threading.get_ident()}-{time.perf_counter_ns()}"
            path = os.path.join(self.submissions, name)
            with contextlib.suppress(OSError), open(path, "x", encoding="utf-8"):
                pass
        return (JobSettings, tuple(getattr(self, f.name) for f in fields(self)))


@dataclass(frozen=True)
class JobSpan:
    """One job as the journal saw it: who ran it, and when (time.monotonic)."""

    value: int
    pid: int
    thread: int
    thread_name: str
    start: float
    end: float | None = None  # None: still running
    loop_answered: bool | None = None  # None: still running, or raised


def mark_this_process(token: str) -> None:
    """Write the call's `fork_mark` where only a fork of this process sees it."""
    global FORK_MARK
    FORK_MARK = token


def expected_result(value: int) -> int:
    """What the job returns for `value`: cheap for the test to compute."""
    return value * value + 7


def burn(iterations: int) -> int:
    """Pure-Python arithmetic that holds the GIL the whole time."""
    acc = 0
    for i in range(iterations):
        acc = (acc * 31 + i) % 1_000_003
    return acc


def _started_jobs(rendezvous: Path) -> int:
    return sum(1 for _ in rendezvous.iterdir())


def _beats(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def silence_mark(beats: str) -> str:
    """The mark that ends every job's wait for the loop (see below)."""
    return beats + ".muette"


def _loop_beat_during_job(settings: JobSettings, first: int) -> bool:
    """Wait (up to loop_patience) for two beats of the loop since `first`.
    The first job that waits in vain leaves a mark beside the beats: later
    jobs of the call then no longer wait, so that a loop stuck waiting for the
    jobs is held up by one patience, not one per job. The test leaves the same
    mark as soon as it sees the loop's thread stuck in a wait for a job
    (tests/support/offload.py): the patience then ends at once."""
    silent = silence_mark(settings.beats)
    deadline = time.monotonic() + settings.loop_patience
    while _beats(settings.beats) < first + 2:
        if time.monotonic() > deadline or os.path.exists(silent):
            with open(silent, "a", encoding="utf-8"):
                pass
            return False
        time.sleep(0.002)
    return True


def _note(settings: JobSettings, span: JobSpan) -> None:
    """Write `span` in the journal, in one piece (a reader never sees half of it).
    Never fails the job: the test may have removed the folder already, and
    a value of the student's may not be JSON."""
    if not settings.journal:
        return
    name = f"{span.pid}-{span.thread}-{round(span.start * 1e6)}"
    path = os.path.join(settings.journal, name)
    with contextlib.suppress(OSError, TypeError, ValueError):
        with open(path + ".tmp", "w", encoding="utf-8") as file:
            json.dump([span.value, span.pid, span.thread, span.thread_name, span.start,
                       span.end, span.loop_answered], file)  # fmt: skip
        os.replace(path + ".tmp", path)


def read_journal(folder: str) -> list[JobSpan]:
    """The jobs noted in `folder` so far, by start."""
    spans = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(".tmp"):
                continue
            try:
                with open(entry.path, encoding="utf-8") as file:
                    value, pid, thread, name, start, end, answered = json.load(file)
                spans.append(JobSpan(value, pid, thread, name, start, end, answered))
            except (OSError, ValueError, TypeError):
                continue
    return sorted(spans, key=lambda span: span.start)


def run_job(value: int, settings: JobSettings) -> JobReport:
    # time.monotonic is system-wide on Linux, macOS and Windows, so stamps
    # taken in different processes can be compared.
    start = time.monotonic()
    here = threading.current_thread()
    span = JobSpan(value, os.getpid(), here.ident or 0, here.name, start)
    _note(settings, span)
    try:
        report = _run_job(value, settings, start)
    except BaseException:
        _note(settings, replace(span, end=time.monotonic()))
        raise
    _note(settings, replace(span, end=report.end, loop_answered=report.loop_answered))
    return report


def _sent_job_waits_for_a_worker(settings: JobSettings, rendezvous: Path) -> bool:
    """Whether another worker process of the call is still busy with a job
    (seen in the journal), or a job sent to a process has not started yet
    while another worker is still starting (run no job yet, same parent, born
    at most SIBLING_SPREAD before this one). The wait then measures the
    machine, not the answer: a free worker would take the next job at once.

    A busy worker counts whether or not a job was noted as sent: `travail`
    given once per worker (a pool's initializer, a global inherited by fork)
    is pickled once per worker or never, so the notes undercount the jobs
    waiting. Jobs awaited one after the other, alone or by batches, leave no
    other worker busy while the last of them waits for its companions."""
    me = os.getpid()
    spans = read_journal(settings.journal) if settings.journal else []
    if any(s.end is None and s.pid not in (me, settings.parent_pid) for s in spans):
        return True
    try:
        sent = sum(1 for _ in os.scandir(settings.submissions))
        names = os.listdir(rendezvous)
    except OSError:
        return False
    if sent <= len(names):
        return False
    # Imported here only: most jobs never wait, and every spawn worker
    # imports this module.
    import psutil

    started = {name.partition("-")[0] for name in names}
    try:
        here = psutil.Process()
        born = here.create_time()
        parent = here.parent()
        siblings = parent.children() if parent is not None else []
    except psutil.Error:
        return False
    for sibling in siblings:
        if sibling.pid == me or str(sibling.pid) in started:
            continue
        with contextlib.suppress(psutil.Error):
            # Never starting a job for this call: the resource tracker (its
            # command line names it), and the forkserver and the workers of
            # an earlier call (born before this worker).
            if sibling.create_time() >= born - SIBLING_SPREAD and not any(
                "resource_tracker" in part for part in sibling.cmdline()
            ):
                return True
    return False


def _wait_for_companions(value: int, settings: JobSettings, rendezvous: Path, needed: int) -> float:
    """Compute on until `needed` jobs have started; return how long the job
    waited while no job waited for a worker still busy or starting, or
    raise NoCompanionError when that reaches `patience` (or the whole wait
    `boot_patience`)."""
    begun = last = time.monotonic()
    alone = 0.0
    held = False  # a job sent waits for a worker (last look)
    looked = float("-inf")
    while (started := _started_jobs(rendezvous)) < needed:
        now = time.monotonic()
        if not held:
            alone += now - last
        last = now
        # Looked for only once the job has waited a little (a correct
        # answer's companions are mostly there already), then every
        # LOOK_EVERY seconds.
        if settings.submissions and alone >= LOOK_AFTER and now - looked >= LOOK_EVERY:
            held = _sent_job_waits_for_a_worker(settings, rendezvous)
            looked = time.monotonic()
        waited = now - begun
        if alone > settings.patience or waited > max(settings.boot_patience, settings.patience):
            # The patience, or the whole wait when a worker was busy or starting.
            seconds = french.number(settings.patience if alone > settings.patience
                                    else round(waited, 1))  # fmt: skip
            if started <= 1:
                raise NoCompanionError(
                    f"le calcul de la valeur {value} a tourné seul : aucun autre calcul "
                    f"n'a démarré pendant {seconds} s"
                )
            raise NoCompanionError(
                f"pendant le calcul de la valeur {value}, le plus long, seuls {started} "
                f"calculs sur {needed} ont démarré en {seconds} s : "
                "les processus libres n'ont pas pris les calculs suivants"
            )
        burn(20_000)
    return alone + (0.0 if held else time.monotonic() - last)


def _run_job(value: int, settings: JobSettings, start: float) -> JobReport:
    first_beat = _beats(settings.beats) if settings.beats else 0
    pid = os.getpid()
    in_worker = pid != settings.parent_pid
    rendezvous = Path(settings.rendezvous)
    if in_worker:
        # One file per job, even for a value given twice to the same worker.
        (rendezvous / f"{pid}-{value}-{time.monotonic_ns()}").touch()
    factor = settings.long_factor if value == settings.long_value else 1.0
    # Run by the test's event loop itself: the loop cannot beat before the job
    # returns, and the answer is wrong whatever follows. The first such job
    # burns its work (the stall the test measures); the next ones return at
    # once instead of blocking the loop again for nothing.
    in_loop = (
        not in_worker and bool(settings.beats) and settings.loop_thread == threading.get_ident()
    )
    # Run by another thread of the test's process (asyncio.to_thread, the
    # loop's default executor): the answer is wrong whatever follows (E2), and
    # burning would only make the student wait, the threads taking turns
    # under the GIL. The job returns at once; it still waits for the loop.
    in_other_thread = not in_worker and bool(settings.beats) and not in_loop
    if in_loop:
        mark = settings.beats + ".dans-la-boucle"
        if not os.path.exists(mark):
            with open(mark, "a", encoding="utf-8"):
                pass
            burn(int(settings.iterations * factor))
    elif not in_other_thread:
        burn(int(settings.iterations * factor))
    waited_alone = 0.0
    if in_worker:
        needed = settings.companions
        if value == settings.long_value:
            needed = max(needed, settings.long_companions)
        waited_alone = _wait_for_companions(value, settings, rendezvous, needed)
    if in_loop:
        answered = False
    else:
        answered = _loop_beat_during_job(settings, first_beat) if settings.beats else True
    here = threading.current_thread()
    return JobReport(
        value,
        expected_result(value),
        pid,
        start,
        time.monotonic(),
        here.ident or 0,
        here.name,
        answered,
        waited_alone,
        in_worker and bool(settings.fork_mark) and settings.fork_mark == FORK_MARK,
    )

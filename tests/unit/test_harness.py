"""The measuring tools measure what they claim, on known good and bad code."""

import asyncio
import functools
import gc
import os
import random
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable

import pytest

from tests.support.concurrency import FakeService
from tests.support.cpu_job import JobSettings, NoCompanionError, run_job
from tests.support.cuisine import END, START, Kitchen, sequence_of
from tests.support.limited_downloads import counting_semaphores, random_downloads
from tests.support.loop_lag import LagMonitor, _Beat
from tests.support.never_awaited import record_never_awaited
from tests.support.offload import iterations_for
from tests.support.orphans import watch_silenced_errors
from tests.support.premiere_coroutine import Duration, distinct_loops, loops_of_greetings, run_sync
from tests.support.student import Student
from tests.support.supervision import Job, Jobs
from tests.support.work_queue import counting_takes, scenario
from tools.common import thread_clock
from tools.common.manifest import exercise_by_id, load_manifest
from tools.common.paths import TREES
from tools.common.thread_clock import ThreadClock
from tools.grading.results import CaseResult
from tools.maintainer.selfcheck import Mutant, Verdicts, check_exercise, first_failure


@pytest.mark.asyncio
async def test_in_flight_peak_tells_sequential_from_concurrent():
    sequential = FakeService("op", lambda k: k, lambda k: 0.01)
    for key in range(4):
        await sequential.operation(key)
    concurrent = FakeService("op", lambda k: k, lambda k: 0.01)
    assert await asyncio.gather(*(concurrent.operation(k) for k in range(4))) == [0, 1, 2, 3]
    assert (sequential.in_flight.peak, concurrent.in_flight.peak) == (1, 4)
    assert concurrent.completed == [(0,), (1,), (2,), (3,)]


@pytest.mark.asyncio
async def test_fake_service_raises_after_its_delay():
    def boom(key):
        raise KeyError(key)

    fake = FakeService("op", boom)
    with pytest.raises(KeyError):
        await fake.operation("x")
    assert fake.calls == [("x",)]
    assert fake.completed == []
    assert fake.in_flight.current == 0


@pytest.mark.asyncio
async def test_lag_monitor_sees_a_blocking_call_and_not_an_await():
    async with LagMonitor() as blocked:
        time.sleep(0.2)  # noqa: ASYNC251 (the blocking call is what is measured)
    async with LagMonitor() as free:
        await asyncio.sleep(0.2)
    assert blocked.worst > 0.15
    assert free.worst < 0.1


_LINUX_COUNTERS = pytest.mark.skipif(
    not thread_clock.available(),
    reason="ni /proc/.../stat ni schedstat ici (Linux seulement)",
)


def _watched(work: Callable[[], object]) -> tuple[float, float, float]:
    """Run `work` in a thread whose ThreadClock looks at it from a thread of
    its own: (start, end, seconds of that span it saw the thread asleep)."""
    ready, go = threading.Event(), threading.Event()
    span: list[float] = []

    def thread() -> None:
        ready.set()
        go.wait()
        span.append(time.perf_counter())
        work()
        span.append(time.perf_counter())

    runner = threading.Thread(target=thread)
    runner.start()
    ready.wait()
    assert runner.native_id is not None
    clock = ThreadClock(runner.native_id).start()
    go.set()
    runner.join()
    clock.close()
    start, end = span
    return start, end, clock.asleep_during(start, end)


@_LINUX_COUNTERS
def test_the_sleep_witness_sees_a_sleep_and_never_a_busy_thread():
    start, end, asleep = _watched(lambda: time.sleep(0.3))
    assert asleep > 0.2, (asleep, end - start)

    def spin() -> None:
        end = time.perf_counter() + 0.3
        while time.perf_counter() < end:
            pass

    assert _watched(spin)[2] == 0.0


def test_a_proven_sleep_is_never_taken_for_waiting_for_a_cpu():
    """The kernel counted a whole 0.1 s sleep as waiting for a CPU (it does
    now and then, see loop_lag.py): the beat's waiting is taken out only up to
    what is left of it once the sleep seen by the witness is counted. A beat
    whose waiting is not contradicted keeps it."""

    class Clock(ThreadClock):
        def __init__(self) -> None:
            self.asleep = [(10.002, 10.097)]

    monitor = LagMonitor()
    monitor._clock = Clock()
    monitor._beats = [_Beat(10.0, 10.105, 0.1, 0.1)]
    assert monitor.worst == pytest.approx(0.1 - 0.01)
    assert monitor.stalls == [(pytest.approx(10.015), 10.105)]
    monitor._beats = [_Beat(20.0, 20.105, 0.1, 0.1)]
    assert monitor.worst == pytest.approx(0.0)
    assert monitor.stalls == []


@pytest.mark.asyncio
async def test_a_cancel_that_hushes_an_unread_error_is_noted_until_the_error_is_read():
    async def rate():
        await asyncio.sleep(0)
        raise ValueError("four en panne")

    async def cuit():
        await asyncio.sleep(0.01)
        return "plat"

    with watch_silenced_errors() as silenced:
        hushed, awaited, gathered = (asyncio.create_task(rate()) for _ in range(3))
        running = asyncio.create_task(cuit())
        await asyncio.sleep(0.005)
        for task in (hushed, awaited, gathered, running):
            task.cancel()
        with pytest.raises(ValueError, match="four en panne"):
            await awaited
        await asyncio.gather(gathered, running, return_exceptions=True)
        dropped = weakref.ref(hushed)
        del hushed
        gc.collect()
    assert dropped() is None  # the notes keep no task alive
    assert [(n.task, n.error, n.read) for n in silenced] == [
        ("test_a_cancel_that_hushes_an_unread_error_is_noted_until_the_error_is_read.rate",
         "ValueError: four en panne", read)
        for read in (False, True, True)
    ]  # fmt: skip


@pytest.mark.asyncio
async def test_never_awaited_coroutines_are_recorded_by_name():
    async def oubliee():
        pass

    async def attendue():
        pass

    with record_never_awaited() as names:
        oubliee()
        await attendue()
    assert names == ["oubliee"]


def test_a_job_alone_in_a_worker_gives_up_after_its_patience(tmp_path):
    settings = JobSettings(
        iterations=1000, parent_pid=os.getpid() + 1, rendezvous=str(tmp_path),
        companions=2, patience=0.2,
    )  # fmt: skip
    start = time.monotonic()
    with pytest.raises(NoCompanionError, match="tourné seul"):
        run_job(5, settings)
    assert time.monotonic() - start < 2


def test_a_job_meets_its_companion_and_inline_jobs_do_not_wait(tmp_path):
    (tmp_path / "other-job").touch()
    in_worker = JobSettings(1000, os.getpid() + 1, str(tmp_path), 2, 5.0)
    assert run_job(5, in_worker).result == 32
    inline = functools.partial(run_job, settings=JobSettings(1000, os.getpid(), "", 2, 5.0))
    report = inline(6)
    assert (report.result, report.pid) == (43, os.getpid())


def result(name, outcome, hidden=True, message=""):
    return CaseResult(f"tests/x.py::{name}", "ex02_gather", hidden, outcome, message)


def test_selfcheck_flags_a_stub_that_passes_and_a_test_nothing_fails(tmp_path):
    ex = next(e for e in load_manifest() if e.id == "ex02_gather")
    solution = [result("test_a", "passed"), result("test_b", "passed")]
    solution.append(result("test_public", "passed", hidden=False))
    verdicts = Verdicts()
    check_exercise(ex, solution, solution, {}, verdicts)
    assert any("passe tous les tests cachés" in p for p in verdicts.problems)
    assert any("passe tous les tests publics" in p for p in verdicts.problems)
    assert any("aucune mauvaise réponse" in p and "test_a" in p for p in verdicts.problems)

    mutant_file = tmp_path / "mauvais.py"
    mutant_file.write_text(
        '"""Une erreur typique.\n\nMessage attendu : en même temps\n"""\n', encoding="utf-8"
    )
    mutant = Mutant(ex, mutant_file)
    assert mutant.description == "Une erreur typique."
    stub = [result("test_a", "failed"), result("test_b", "passed")]
    stub.append(result("test_public", "failed", hidden=False))
    verdicts = Verdicts()
    failing = [result("test_b", "failed", message="[02] Pas en même temps.")]
    check_exercise(ex, solution, stub, {mutant: failing}, verdicts)
    assert verdicts.problems == []


def write_mutant(tmp_path, text):
    path = tmp_path / "mutant.py"
    path.write_text(text, encoding="utf-8")
    return Mutant(next(e for e in load_manifest() if e.id == "ex02_gather"), path)


def test_expected_phrases_are_read_from_the_docstring(tmp_path):
    mutant = write_mutant(
        tmp_path,
        '"""Attend dans une boucle.\n\nSuite de la description.\n'
        'Message attendu :  en même temps |  gather |\n"""\n\nX = "Message attendu : non"\n',
    )
    assert mutant.description == "Attend dans une boucle."
    assert mutant.expected_phrases == ("en même temps", "gather")
    assert write_mutant(tmp_path, '"""Sans ligne."""\n').expected_phrases == ()
    assert write_mutant(tmp_path, 'X = "Message attendu : a"\n').expected_phrases == ()
    assert (
        write_mutant(tmp_path, '"""Cassé.\nMessage attendu : a\n"""\ndef (\n').expected_phrases
        == ()
    )


def check_one_mutant(mutant, results, order=None):
    ex = mutant.exercise
    solution = [result("test_a", "passed"), result("test_public", "passed", hidden=False)]
    stub = [result("test_a", "failed"), result("test_public", "failed", hidden=False)]
    verdicts = Verdicts()
    check_exercise(ex, solution, stub, {mutant: results}, verdicts, order)
    return verdicts.problems


def test_selfcheck_requires_each_phrase_in_a_failing_hidden_message(tmp_path):
    mutant = write_mutant(
        tmp_path, '"""Ordre de fin.\n\nMessage attendu : DANS   l\'ordre | as_completed\n"""\n'
    )
    said = "[02] Les contenus ne sont pas\n  dans l'ordre des urls.\n  Conseil : as_completed…"
    # Case and line breaks do not matter.
    assert check_one_mutant(mutant, [result("test_a", "failed", message=said)]) == []
    # Each phrase is in a failing hidden test, but the student reads only the
    # first failure (test_a: no test of the fake ids is in tests/hidden/ordre.py).
    split = [
        result("test_a", "failed", message="dans l'ordre"),
        result("test_b", "failed", message="AS_COMPLETED"),
    ]
    (problem,) = check_one_mutant(mutant, split)
    assert "« as_completed » n'apparaît pas dans le premier échec" in problem
    assert "(caché : test_a," in problem
    assert "| dans l'ordre" in problem
    # Passing tests and public tests do not count, even when they say it.
    results = [
        result("test_a", "failed", message="Observé : autre chose\nAttendu : mieux"),
        result("test_b", "passed", message="as_completed"),
        result("test_public", "failed", hidden=False, message="as_completed"),
    ]
    problems = check_one_mutant(mutant, results)
    assert len(problems) == 2
    assert "« DANS   l'ordre »" in problems[0]
    assert "« as_completed »" in problems[1]
    assert all("Observé : autre chose" in p and "mutant.py" in p for p in problems)


def test_selfcheck_requires_each_phrase_in_the_first_failure_in_the_learned_order(tmp_path):
    mutant = write_mutant(tmp_path, '"""Ordre de fin.\n\nMessage attendu : as_completed\n"""\n')
    results = [
        result("test_a", "failed", message="Rangés dans l'ordre de fin : as_completed"),
        result("test_public", "failed", hidden=False, message="Les contenus sont faux."),
    ]
    # Run first, the public test's failure is what the student reads: the hidden
    # test that says the phrase is never run.
    public_first = {"ex02_gather": ("public::test_public", "hidden::test_a")}
    (problem,) = check_one_mutant(mutant, results, public_first)
    assert "« as_completed » n'apparaît pas dans le premier échec que lit l'élève" in problem
    assert "(public : test_public," in problem
    assert "| Les contenus sont faux." in problem
    hidden_first = {"ex02_gather": ("hidden::test_a", "public::test_public")}
    assert check_one_mutant(mutant, results, hidden_first) == []


def test_the_first_failure_follows_the_learned_order():
    order = {"ex02_gather": ("hidden::test_b", "public::test_public", "hidden::test_a")}
    a, b = result("test_a", "failed"), result("test_b", "failed")
    public = result("test_public", "failed", hidden=False)
    assert first_failure([a, public, b], order) is b
    assert first_failure([a, public, result("test_b", "passed")], order) is public
    # Tests the order does not name come after those it names, in the order run.
    c, d = result("test_c", "failed"), result("test_d", "failed")
    assert first_failure([c, a, d], order) is a
    assert first_failure([c, d], order) is c
    # A file that cannot be collected fails before any test runs.
    broken = CaseResult("tests/hidden/test_ex02_gather.py", "ex02_gather", True, "failed", "")
    assert first_failure([b, broken], order) is broken
    assert first_failure([result("test_a", "passed")], order) is None


def test_selfcheck_requires_a_message_attendu_line(tmp_path):
    mutant = write_mutant(tmp_path, '"""Une erreur sans phrase attendue."""\n')
    problems = check_one_mutant(mutant, [result("test_a", "failed", message="x")])
    assert len(problems) == 1
    assert "Message attendu" in problems[0]
    # A mutant that passes every hidden test is reported once for that, not for its phrases.
    mutant = write_mutant(tmp_path, '"""Erreur.\n\nMessage attendu : x\n"""\n')
    problems = check_one_mutant(mutant, [result("test_a", "passed")])
    assert len(problems) == 1
    assert "passe tous les tests cachés" in problems[0]


# -- observations that let a failure name its cause ---------------------------


def test_sequence_of_tells_awaited_too_early_from_started_too_late():
    def kitchen(*events):
        return Kitchen(journal=[(step, "x", event) for step, event in events])

    early = kitchen(("cuire", START), ("cuire", END), ("preparer", START), ("preparer", END))
    late = kitchen(("preparer", START), ("preparer", END), ("cuire", START), ("cuire", END))
    both = kitchen(("cuire", START), ("preparer", START), ("preparer", END), ("cuire", END))
    assert sequence_of(early, "cuire", "preparer") == "avant"
    assert sequence_of(late, "cuire", "preparer") == "après"
    assert sequence_of(both, "cuire", "preparer") is None
    assert sequence_of(kitchen(("preparer", START)), "cuire", "preparer") is None


@pytest.mark.asyncio
async def test_counting_semaphores_counts_semaphores_and_places_then_restores():
    case = random_downloads(random.Random(1))
    originals = asyncio.Semaphore, asyncio.BoundedSemaphore
    with counting_semaphores(case):
        shared = asyncio.Semaphore(2)
        for _ in range(3):
            async with shared:
                pass
        async with asyncio.BoundedSemaphore(1):
            pass
        assert isinstance(shared, originals[0])
    assert (case.semaphores, case.acquisitions) == (2, 4)
    assert (asyncio.Semaphore, asyncio.BoundedSemaphore) == originals


@pytest.mark.asyncio
async def test_jobs_tell_a_cancellation_nobody_waited_for():
    jobs = Jobs([Job("travail_a", 1.0), Job("travail_b", 1.0)])
    tasks = [asyncio.create_task(f()) for f in jobs.functions()]
    await asyncio.sleep(0)
    tasks[0].cancel()
    assert jobs.running() == ["travail_a", "travail_b"]
    assert jobs.cancel_requested() == ["travail_a"]
    tasks[1].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert jobs.cancel_requested() == []


@pytest.mark.asyncio
async def test_stopped_runners_counts_workers_cancelled_or_returned_before_the_return():
    case = scenario([("a", 0.0), ("b", 0.0), ("c", 0.0)], dict.fromkeys("abc", "ok"), {}, 3)

    async def worker(element):
        await case.processor.traiter(element)

    cancelled, returned, pending = (asyncio.create_task(worker(e)) for e in "abc")
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.gather(cancelled, returned, return_exceptions=True)
    case.pending_at_return = {pending}
    pending.cancel()  # as the runner does after the return: not counted
    await asyncio.gather(pending, return_exceptions=True)
    assert case.stopped_runners() == (1, 1)


@pytest.mark.asyncio
async def test_stopped_runners_counts_a_worker_that_only_took_a_stop_signal():
    # A source with no element: one shared sentinel stops one worker, which
    # never ran traiter; traiter_tout's own task and wait_for's helper on 3.11,
    # which take from a queue too, are not workers.
    case = scenario([], {}, {}, 2)
    file: asyncio.Queue[object] = asyncio.Queue()

    async def worker():
        await file.get()

    async def main():
        await file.put(None)
        await file.put(None)
        await asyncio.sleep(0)
        await file.get()

    with counting_takes(case):
        stopped = asyncio.create_task(worker())
        case.main = asyncio.create_task(main())
        await case.main
        file.put_nowait(None)
        helper = asyncio.create_task(file.get())  # what wait_for(file.get()) starts on 3.11
        await helper
    assert [task for task, _ in case.takes] == [stopped, case.main, helper]
    assert case.stopped_runners() == (0, 1)


def test_loops_of_greetings_notes_the_loop_of_each_greeting(capsys):
    student = Student(exercise_by_id("ex01_premiere_coroutine"), TREES["solutions"])
    original = student.module.saluer
    loops: list[object] = []
    with loops_of_greetings(student, loops):
        student.module.main({"Ada": 0.001, "Linus": 0.001})
        for name in ("Grace", "Alan"):  # one asyncio.run per guest
            asyncio.run(student.module.saluer(name, 0.001))
    assert student.module.saluer is original
    assert len(loops) == 4
    assert distinct_loops(loops[:2]) == 1
    assert distinct_loops(loops) == 3


def _spinners_on(cpu: int, count: int) -> list[subprocess.Popen[bytes]]:
    code = f"import os\nos.sched_setaffinity(0, {{{cpu}}})\nwhile True:\n    pass\n"
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]


@pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or not thread_clock.available(),
    reason="ni affinité ni /proc/thread-self/schedstat ici (Linux seulement)",
)
@pytest.mark.asyncio
async def test_lag_monitor_does_not_blame_the_code_for_a_busy_machine():
    """The loop's thread shares one CPU with two spinning processes: a wait
    of the loop's own (asyncio.sleep) or a lateness caused by the spinners is
    not blocking; CPU work in the loop still is, for the CPU time it took."""
    cpu = min(os.sched_getaffinity(0))
    before = os.sched_getaffinity(0)
    spinners = _spinners_on(cpu, 2)
    os.sched_setaffinity(0, {cpu})
    try:
        await asyncio.sleep(0.1)  # the spinners are running
        async with LagMonitor() as free:
            await asyncio.sleep(0.3)
        async with LagMonitor() as busy:
            end = time.perf_counter() + 0.3
            cpu = time.thread_time()
            while time.perf_counter() < end:  # 0.3 s of wall time, a third on the CPU
                pass
            cpu = time.thread_time() - cpu
    finally:
        os.sched_setaffinity(0, before)
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    assert free.worst < 0.05, (free.worst, free.worst_raw)
    assert busy.worst_raw > 0.25
    # The stall counted is the CPU time the loop's thread took: a third of
    # 0.3 s on an otherwise idle machine, less when other processes crowd
    # this CPU too (a fixed bound failed beside a stress run).
    assert busy.worst < busy.worst_raw - 0.05, (busy.worst, busy.worst_raw)
    assert 0.5 * cpu < busy.worst < cpu + 0.05, (busy.worst, cpu)


@pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or not thread_clock.available(),
    reason="ni affinité ni /proc/thread-self/schedstat ici (Linux seulement)",
)
def test_run_sync_does_not_count_its_thread_waiting_for_a_cpu_but_counts_its_sleep():
    """ex01's bound on main's duration: the thread that runs main shares one
    CPU with two spinning processes. Its waiting for that CPU is not main's
    time; a time.sleep in main is, whole."""
    student = Student(exercise_by_id("ex01_premiere_coroutine"), TREES["solutions"])
    cpu = min(os.sched_getaffinity(0))
    before = os.sched_getaffinity(0)
    burned: list[float] = []

    def spin() -> None:  # 0.3 s of wall time, a third on the CPU
        end, start = time.perf_counter() + 0.3, time.thread_time()
        while time.perf_counter() < end:
            pass
        burned.append(time.thread_time() - start)

    spinners = _spinners_on(cpu, 2)
    os.sched_setaffinity(0, {cpu})  # the thread run_sync starts inherits it
    try:
        time.sleep(0.1)  # the spinners are running
        busy, asleep = Duration(), Duration()
        run_sync(student, spin, call="f", limit=5, duration=busy)
        run_sync(student, time.sleep, 0.3, call="f", limit=5, duration=asleep)
    finally:
        os.sched_setaffinity(0, before)
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    assert busy.elapsed >= 0.3, busy
    assert busy.queued > 0.05, busy
    assert 0.5 * burned[0] < busy.own < burned[0] + 0.05, (busy, burned)
    assert asleep.own >= 0.29, asleep


@_LINUX_COUNTERS
@pytest.mark.usefixtures("sleeps_counted_as_waiting")
def test_run_sync_counts_a_sleep_the_kernel_counts_as_waiting_for_a_cpu():
    """main's time.sleep, seen asleep by the clock, is still main's time."""
    student = Student(exercise_by_id("ex01_premiere_coroutine"), TREES["solutions"])
    asleep = Duration()
    run_sync(student, time.sleep, 0.3, call="f", limit=5, duration=asleep)
    assert asleep.elapsed >= 0.3, asleep
    assert asleep.own >= 0.25, asleep


def test_jobs_run_by_the_loop_thread_wait_for_nothing_and_only_the_first_burns(tmp_path):
    beats = tmp_path / "battements"
    beats.touch()
    settings = JobSettings(
        iterations=iterations_for(0.2), parent_pid=os.getpid(), rendezvous=str(tmp_path),
        companions=2, patience=5.0, beats=str(beats), loop_patience=5.0,
        loop_thread=threading.get_ident(),
    )  # fmt: skip
    start = time.monotonic()
    first = run_job(5, settings)
    after_first = time.monotonic()
    second = run_job(6, settings)
    # The loop (this thread) cannot beat during its own job: no 5 s wait,
    # and the second job does not block it again.
    assert (first.loop_answered, second.loop_answered) == (False, False)
    assert (first.result, second.result) == (32, 43)
    assert after_first - start < 3
    assert time.monotonic() - after_first < (after_first - start) / 2

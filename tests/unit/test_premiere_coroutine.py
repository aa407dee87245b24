"""Exercise 01's helpers: reading greetings, bounding a synchronous entry point."""

import asyncio
import concurrent.futures
import time

import pytest

from tests.support.loop_lag import LagMonitor
from tests.support.premiere_coroutine import (
    Greetings,
    describe_events,
    describe_saluer,
    first_overlap_problem,
    greeting_events,
    held_the_loop,
    loop_kept_free,
    loops_of_greetings,
    run_sync,
)
from tests.support.student import Student
from tools.common.manifest import exercise_by_id
from tools.common.paths import TREES

NAMES = ["Ada", "Linus"]


def test_greetings_are_read_in_order_and_other_lines_ignored():
    text = "Bonjour Ada…\nautre chose\n  Bonjour Linus...  \n...au revoir Ada !\nBonjour Bob...\n"
    events = greeting_events(text, NAMES)
    assert events == [("bonjour", "Ada"), ("bonjour", "Linus"), ("au revoir", "Ada")]
    assert describe_events(events) == "Bonjour Ada... | Bonjour Linus... | ...au revoir Ada !"
    assert describe_events([]) == "aucune ligne de salutation affichée"


def test_overlap_needs_every_hello_before_any_goodbye():
    together = [("bonjour", "Ada"), ("bonjour", "Linus"), ("au revoir", "Linus"),
                ("au revoir", "Ada")]  # fmt: skip
    one_by_one = [("bonjour", "Ada"), ("au revoir", "Ada"), ("bonjour", "Linus"),
                  ("au revoir", "Linus")]  # fmt: skip
    assert first_overlap_problem(together, NAMES) is None
    problem = first_overlap_problem(one_by_one, NAMES)
    assert problem is not None
    assert "...au revoir Ada !" in problem
    missing = first_overlap_problem(together[:3], NAMES)
    assert missing is not None
    assert "0 fois" in missing


def test_run_sync_returns_value_or_error_and_owns_its_loop():
    student = Student(exercise_by_id("ex01_premiere_coroutine"), TREES["solutions"])

    async def twice(x):
        await asyncio.sleep(0.001)
        return 2 * x

    assert run_sync(student, lambda x: asyncio.run(twice(x)), 21, call="f", limit=5).value == 42
    error = run_sync(student, lambda: 1 / 0, call="f", limit=5).error
    assert isinstance(error, ZeroDivisionError)


def test_run_sync_fails_in_french_when_the_call_hangs():
    student = Student(exercise_by_id("ex01_premiere_coroutine"), TREES["solutions"])
    with pytest.raises(pytest.fail.Exception, match="toujours en cours après 0,2 s"):
        run_sync(student, time.sleep, 1, call="f", limit=0.2)


async def _saluer(nom, duree):
    await asyncio.sleep(duree)
    return nom


async def _saluer_bloquant(nom, duree):
    time.sleep(duree)  # noqa: ASYNC251 (a greeting that blocks)
    return nom


@pytest.mark.asyncio
async def test_timed_greetings_are_bars_packed_by_overlap():
    together, one_by_one = Greetings(), Greetings()
    saluer, bloquant = together.timed(_saluer), one_by_one.timed(_saluer_bloquant)
    origin = time.perf_counter()
    assert await asyncio.gather(saluer("Ada", 0.03), saluer("Linus", 0.01)) == ["Ada", "Linus"]
    await asyncio.gather(bloquant("Ada", 0.03), bloquant("Linus", 0.01))
    guests = {"Ada": 0.03, "Linus": 0.01}
    drawn = together.all_at_once(origin, guests)
    labels = ["saluer('Ada', 0.03)", "saluer('Linus', 0.01)"]
    assert [b.label for b in drawn.observed.bars] == labels
    assert [(b.start, b.end) for b in drawn.expected.bars] == [(0.0, 0.03), (0.0, 0.01)]
    assert len(bar_rows(drawn.text())) == 4  # two rows for the run, two expected
    assert len(bar_rows(one_by_one.all_at_once(origin, guests).text())) == 3  # one after the other
    cut = Greetings()
    task = asyncio.create_task(cut.timed(_saluer)("Grace", 10))
    await asyncio.sleep(0.01)
    assert cut.bars(origin)[0].end is None  # still running
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert cut.bars(origin)[0].label == "saluer('Grace', 10) (annulée)"
    assert cut.bars(origin)[0].end is not None


def bar_rows(text):
    return [line for line in text.splitlines() if "|" in line]


def test_greetings_in_several_loops_get_a_row_per_loop_and_one_guest_a_row_apart():
    student = Student(exercise_by_id("ex01_premiere_coroutine"), TREES["solutions"])
    greetings = Greetings()
    origin = time.perf_counter()
    with loops_of_greetings(student, None, greetings):
        for name in ("Ada", "Linus"):  # one asyncio.run per guest
            asyncio.run(student.module.saluer(name, duree=0.001))
    assert [b.lane for b in greetings.bars(origin)] == ["boucle 1", "boucle 2"]
    assert greetings.bars(origin)[0].label == "saluer('Ada', 0.001)"
    drawn = greetings.all_at_once(origin, {"Ada": 0.001, "Linus": 0.001}, apart="Linus")
    for bars in (drawn.observed.bars, drawn.expected.bars):
        assert [b.lane for b in bars] == ["Linus", None]  # first: the report's chart keeps it
    assert describe_saluer("Ada", 0.5) == "saluer('Ada', 0.5)"


def test_the_loop_is_drawn_free_between_its_stalls():
    drawn = loop_kept_free("saluer('Ada', 0.1)", 10.0, 10.1, 0.1, [(10.02, 10.09)])
    assert [(b.lane, b.start, b.end) for b in drawn.observed.bars] == [
        ("saluer", 0.0, pytest.approx(0.1)),
        ("boucle", 0.0, pytest.approx(0.02)),
        ("boucle", pytest.approx(0.09), pytest.approx(0.1)),
    ]
    assert [(b.lane, b.end) for b in drawn.expected.bars] == [("saluer", 0.1), ("boucle", 0.1)]


@pytest.mark.asyncio
async def test_the_lag_monitor_notes_when_the_loop_stalled():
    async with LagMonitor() as monitor:
        start = time.perf_counter()
        time.sleep(0.1)  # noqa: ASYNC251 (the blocking call is what is measured)
        end = time.perf_counter()
    since, until = max(monitor.stalls, key=lambda stall: stall[1] - stall[0])
    assert until - since > 0.05
    assert start - 0.01 <= since
    assert until <= end + 0.5  # woken once the loop runs again: soon, unless the machine is busy


@pytest.mark.asyncio
async def test_a_greeting_that_never_gives_the_loop_a_turn_is_told_apart():
    async def blocking(nom, duree):
        time.sleep(duree)  # noqa: ASYNC251 (the mistake under test)
        return nom

    async def sleep0_then_blocking(nom, duree):
        await asyncio.sleep(0)
        time.sleep(duree)  # noqa: ASYNC251 (the mistake under test)
        return nom

    async def waiting(nom, duree):
        await asyncio.sleep(duree)
        return nom

    async def instant(nom, duree):
        asyncio.sleep(duree).close()
        return nom

    greetings = Greetings()
    for saluer in (blocking, sleep0_then_blocking, waiting, instant):
        await greetings.timed(saluer)("Ada", 0.02)
    held = [held_the_loop(g) for g in greetings.calls]
    assert [g.held_the_loop for g in greetings.calls] == [True, False, False, True]
    # Held from start to end, but only said when it lasted a good part of its wait.
    assert held[0] is not None
    assert held[0] >= 0.02
    assert held[1:] == [None, None, None]


def test_greetings_stop_main_when_another_guest_than_the_quickest_ends_first():
    async def batches(nom, duree):  # two threads: the last, quickest guest waits its turn
        await asyncio.get_running_loop().run_in_executor(pool, time.sleep, duree)
        return nom

    async def everyone(saluer, guests):
        return await asyncio.gather(*(saluer(n, d) for n, d in guests.items()))

    guests = {"Ada": 0.05, "Linus": 0.06, "Grace": 0.07, "Bob": 0.01}
    stopping = Greetings(first_to_end="Bob")
    with concurrent.futures.ThreadPoolExecutor(2) as pool, pytest.raises(asyncio.CancelledError):
        asyncio.run(everyone(stopping.timed(batches), guests))
    # Stopped at Ada's end: the three others cut before they ended (what a
    # wall-clock bound said too, with a 30 ms margin that load ate up).
    assert stopping.stopped
    assert [c.cut for c in stopping.calls] == [None, *["arrêtée par le test"] * 3]
    one_by_one = Greetings(first_to_end="Bob")

    async def in_turn(saluer, guests):
        return [await saluer(n, d) for n, d in guests.items()]

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(in_turn(one_by_one.timed(_saluer), guests))
    # Stopped at Ada's end: the next greeting is cut at its first await.
    assert [(c.args[0], c.cut) for c in one_by_one.calls] == [
        ("Ada", None),
        ("Linus", "arrêtée par le test"),
    ]
    right = Greetings(first_to_end="Bob")
    assert asyncio.run(everyone(right.timed(_saluer), guests)) == list(guests)
    assert not right.stopped

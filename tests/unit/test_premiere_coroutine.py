"""Exercise 01's helpers: reading greetings, bounding a synchronous entry point."""

import asyncio
import time

import pytest

from tests.support.premiere_coroutine import (
    describe_events,
    first_overlap_problem,
    greeting_events,
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

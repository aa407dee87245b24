"""pytest plugin for `nox -s stress`: every test repeated, round by round.

Loaded with `-p tools.maintainer.stress_plugin --stress-rounds N`. Each test
function is parametrized with a `stress_round` (ids r000, r001, ...) and the
items are reordered round-major, so that round r is one complete grading of
the exercise. With `--stress-decided`, the first failure of an exercise in a
round skips that exercise's remaining tests of the round: for a wrong answer,
one failure already decides the verdict (it earns nothing), and the next
tests would only spend time. The tests that failed in a round also move to
the front of the rounds still to come, so a wrong answer caught late in the
file (after tests it passes, some of them slow) is caught first from then
on; the verdict is the same, whatever the order. With `--stress-in-order`
as well, they do not: every round runs in the grading's order, and its first
failure is the one a graded student would read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Generator

import pytest

from tools.grading.test_order import exercise_file, exercise_id, load_order, test_key

ROUND_ID = re.compile(r"r(\d{3,})")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("stress")
    group.addoption("--stress-rounds", type=int, default=1, help="rounds of every test")
    group.addoption(
        "--stress-decided",
        action="store_true",
        help="skip an exercise's other tests in a round once one failed",
    )
    group.addoption(
        "--stress-in-order",
        action="store_true",
        help="with --stress-decided, keep the grading's order in every round",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    rounds: int = metafunc.config.getoption("--stress-rounds")
    if rounds > 1:
        metafunc.fixturenames.append("stress_round")
        metafunc.parametrize("stress_round", range(rounds), ids=lambda r: f"r{r:03d}")


@pytest.fixture
def stress_round(request: pytest.FixtureRequest) -> int:
    return int(request.param)


def round_of(nodeid: str) -> int | None:
    match = ROUND_ID.search(nodeid.rsplit("[", 1)[-1]) if "[" in nodeid else None
    return int(match[1]) if match else None


def without_round(nodeid: str) -> str:
    """The test a node id repeats: its id with the round taken out."""
    if "[" not in nodeid:
        return nodeid
    head, params = nodeid.rsplit("[", 1)
    return head + "[" + ROUND_ID.sub("", params)


def repeated_name(name: str) -> str:
    """The name of the test a round repeats, as tests/hidden/ordre.py names
    it: "test_a[fork-r012]" -> "test_a[fork]", "test_a[r007]" -> "test_a"."""
    head, bracket, params = name.partition("[")
    if not bracket:
        return name
    kept = [part for part in params.removesuffix("]").split("-") if not ROUND_ID.fullmatch(part)]
    return f"{head}[{'-'.join(kept)}]" if kept else head


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Generator[None, None, None]:
    # After every other reordering: round-major and, within a round, each
    # exercise's tests in the grading's learned order. The grading's own
    # reordering (tools/grading/first_failure.py) cannot do it here: it knows
    # a test by its name, which the round's id changes ("test_a[fork-r012]").
    yield
    order = load_order()
    position = {id(item): index for index, item in enumerate(items)}
    first_of: dict[str, int] = {}  # each exercise where its first test was
    for item in items:
        if (file_name := exercise_file(item.path)) is not None:
            first_of.setdefault(file_name, position[id(item)])

    def key(item: pytest.Item) -> tuple[int, int, int, int]:
        file_name = exercise_file(item.path)
        if file_name is None:
            return (round_of(item.nodeid) or 0, position[id(item)], 0, position[id(item)])
        slot = first_of[file_name]
        keys = order.get(exercise_id(file_name), ())
        name = test_key(item.path, repeated_name(item.name))
        rank = keys.index(name) if name in keys else len(keys)
        return (round_of(item.nodeid) or 0, slot, rank, position[id(item)])

    items.sort(key=key)


class Decided:
    """Exercises (test files) already failed in a given round, and the tests
    that failed at all, to be run first in the next rounds."""

    def __init__(self, in_order: bool = False) -> None:
        self.failed: defaultdict[int, set[str]] = defaultdict(set)
        self.catching: set[str] = set()
        self.in_order = in_order  # never move the catching tests first

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool | None:
        """pytest's own loop, except that the items after the next one are
        reordered after each test. The next one stays: it was given to this
        test's teardown as `nextitem`, which decides the fixtures kept."""
        if self.in_order or session.testsfailed or session.config.option.collectonly:
            return None  # pytest's loop: its order, and it reports collection errors
        position = {id(item): index for index, item in enumerate(session.items)}
        remaining = list(session.items)
        while remaining:
            item = remaining.pop(0)
            nextitem = remaining[0] if remaining else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
            if session.shouldfail:
                raise session.Failed(session.shouldfail)
            if session.shouldstop:
                raise session.Interrupted(session.shouldstop)
            remaining[1:] = sorted(
                remaining[1:],
                key=lambda it: (
                    round_of(it.nodeid) or 0,
                    without_round(it.nodeid) not in self.catching,
                    position[id(it)],
                ),
            )
        return True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        current = round_of(item.nodeid)
        if current is not None and item.path.name in self.failed[current]:
            pytest.skip("manche déjà décidée")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        current = round_of(report.nodeid)
        if report.failed and current is not None:
            self.failed[current].add(report.nodeid.split("::")[0].rsplit("/", 1)[-1])
            self.catching.add(without_round(report.nodeid))


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--stress-decided"):
        in_order = bool(config.getoption("--stress-in-order"))
        config.pluginmanager.register(Decided(in_order), "stress-decided")

"""pytest plugin for `nox -s stress`: every test repeated, round by round.

Loaded with `-p tests.harness.stress_plugin --stress-rounds N`. Each test
function is parametrized with a `stress_round` (ids r000, r001, ...) and the
items are reordered round-major, so that round r is one complete grading of
the exercise. With `--stress-decided`, the first failure of an exercise in a
round skips that exercise's remaining tests of the round: for a wrong answer,
one failure already decides the verdict (it earns nothing), and the next
tests would only spend time.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

ROUND_ID = re.compile(r"r(\d{3,})")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("stress")
    group.addoption("--stress-rounds", type=int, default=1, help="rounds of every test")
    group.addoption(
        "--stress-decided",
        action="store_true",
        help="skip an exercise's other tests in a round once one failed",
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    position = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (round_of(item.nodeid) or 0, position[id(item)]))


class Decided:
    """Exercises (test files) already failed in a given round."""

    def __init__(self) -> None:
        self.failed: defaultdict[int, set[str]] = defaultdict(set)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        current = round_of(item.nodeid)
        if current is not None and item.path.name in self.failed[current]:
            pytest.skip("manche déjà décidée")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        current = round_of(report.nodeid)
        if report.failed and current is not None:
            self.failed[current].add(report.nodeid.split("::")[0].rsplit("/", 1)[-1])


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--stress-decided"):
        config.pluginmanager.register(Decided(), "stress-decided")

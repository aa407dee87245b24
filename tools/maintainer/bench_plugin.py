"""pytest plugin for `nox -s bench`: how long each test had to wait.

Loaded with `-p tools.maintainer.bench_plugin --bench-json FILE`. For each test
(setup, call and teardown), it records the wall time and the CPU time of the
main thread, the one pytest, the fixtures and the event loop run in. The
difference is the time that thread did not compute: it waited for a timer
(the fake network and disk delays of the exercises), for a thread or a
process doing the exercise's blocking call or CPU work (process start-up
included), for a socket. For the reference solutions that is the floor the
tests impose, which no faster harness could remove; the CPU time is ours
(pytest, fixtures, checks, the solution's own instructions).

CPU time rather than the time the loop spends in `select()`: a test that
watches the loop with a probe ticking every few milliseconds keeps the loop
busy while it waits for a process pool, yet only computes for a fraction of
that time. On a loaded machine, time spent waiting for a core counts as a
wait: measure on an idle one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Generator
from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("bench").addoption("--bench-json", metavar="FICHIER", help="mesures par test")


class Recorder:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.tests: dict[str, dict[str, float]] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, object, object]:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return (yield)
        finally:
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            self.tests[item.nodeid] = {
                "wall_s": wall,
                "cpu_s": cpu,
                "waits_s": max(0.0, wall - cpu),
            }

    def pytest_sessionfinish(self) -> None:
        self.target.write_text(json.dumps(self.tests, indent=1), encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    target = config.getoption("--bench-json")
    if target:
        config.pluginmanager.register(Recorder(Path(target)), "bench-recorder")

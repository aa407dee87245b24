"""The grader's process tree (tools/grading/processes.py): found through psutil."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

import pytest

from tools.grading import processes

# A child that starts a grandchild in a session of its own (what a student's
# code does to escape its exercise's group), prints its pid, then sleeps.
ESCAPING_CHILD = (
    "import subprocess, sys, time\n"
    "g = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'],"
    " start_new_session=(sys.platform != 'win32'))\n"
    "print(g.pid, flush=True)\n"
    "time.sleep(30)\n"
)


@pytest.fixture
def family():
    child = subprocess.Popen(
        [sys.executable, "-c", ESCAPING_CHILD], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    grandchild = int(child.stdout.readline())
    yield child, grandchild
    for pid in (grandchild, child.pid):
        with contextlib.suppress(processes.psutil.Error):
            processes.psutil.Process(pid).kill()
    child.wait()
    child.stdout.close()


def test_descendants_are_found_with_their_groups(family):
    child, grandchild = family
    found = dict(processes.descendants_with_groups(os.getpid()))
    assert child.pid in found
    assert grandchild in found  # left its group, still below this process
    if sys.platform != "win32":
        assert found[grandchild] == grandchild  # a session leader leads its group
        assert found[child.pid] == os.getpgrp()
    assert processes.descendants(child.pid) == [grandchild]


def test_a_pid_that_is_gone_has_no_descendants():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert processes.descendants_with_groups(gone.pid) == []


@pytest.mark.skipif(sys.platform == "win32", reason="pas de zombie sous Windows")
def test_a_dead_child_not_yet_reaped_is_a_zombie():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while not processes._is_zombie(child.pid):
        assert time.monotonic() < deadline, "le processus fils n'est jamais devenu zombie"
        time.sleep(0.02)
    child.wait()
    assert not processes._is_zombie(child.pid)
    assert not processes._is_zombie(os.getpid())

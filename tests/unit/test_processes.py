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


# Run in a process of its own: making pytest a subreaper would change it for
# every other test. It starts a group whose leader forks 40 children that
# sleep, kills the group, waits for the leader, reaps, and prints
# "<reaped> <zombies of the group left>".
REAPER = """
import os, signal, subprocess, sys, time
from tools.grading import processes
assert processes.adopt_orphans()
leader = subprocess.Popen([sys.executable, "-c",
    "import os, time\\n"
    "for _ in range(40):\\n"
    "    if os.fork() == 0:\\n"
    "        time.sleep(30); os._exit(0)\\n"
    "print('prêt', flush=True); time.sleep(30)"],
    stdout=subprocess.PIPE, start_new_session=True)
leader.stdout.readline()
processes.kill_group(leader)
leader.wait()
reaped = processes.reap_group(leader.pid)
print(reaped, len(processes._zombie_children_in(leader.pid)))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="subreaper : Linux")
def test_a_killed_groups_zombies_are_reaped_at_once_not_at_the_end():
    from tools.common.paths import ROOT

    done = subprocess.run(
        [sys.executable, "-c", REAPER], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    reaped, left = map(int, done.stdout.split())
    assert (reaped, left) == (40, 0)


def test_reaping_a_group_that_is_gone_returns_at_once():
    gone = subprocess.Popen([sys.executable, "-c", "pass"], **processes.group_options())
    gone.wait()
    start = time.monotonic()
    assert processes.reap_group(gone.pid) == 0
    assert time.monotonic() - start < 1

"""Child processes that can be stopped completely, with everything they started.

Each graded exercise runs in its own process group (POSIX) or process group
and console-less tree (Windows): when it hangs, and again after it exits, the
whole group is killed, so a worker or a child process the student's code left
behind cannot outlive its exercise. On Linux the grader adopts orphans (child
subreaper): the killed group's members become its zombies, reaped as soon as
the exercise ends (`reap_group`), because a zombie still counts against the
limit on processes of the re-grade's sandbox. A process that left the group
(setsid, a double fork) is caught at the end of the run, when the grader kills
every process still below it.

The process tree is psutil's (Linux, macOS and Windows alike). Written here
only what psutil cannot do: making the grader the orphans' subreaper (prctl),
and killing a whole process group or Windows tree at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import psutil

PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>


def group_options() -> dict[str, Any]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}  # new session, so a new process group


def start_in_group(
    command: Sequence[str], *, cwd: Path, env: Mapping[str, str], output: IO[bytes]
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        **group_options(),
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and every process of its group; safe to call twice."""
    if sys.platform == "win32":
        # taskkill /T walks the tree of processes started from this one.
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
        )
        if process.poll() is None:
            process.kill()
        return
    # The group keeps the leader's id as long as one member is alive, so this
    # reaches the stragglers even after the leader has exited.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def reap_group(group: int, grace: float = 2.0) -> int:
    """Reap the members of a killed process group that this process adopted.

    Called after `kill_group` and the leader's wait: the members die with the
    leader and are re-parented to this process (`adopt_orphans`) as zombies,
    which count against RLIMIT_NPROC until reaped. Hundreds of them (a fork
    bomb) kept until the end of the run would starve the exercises graded
    next. Waits at most `grace` seconds for the group to empty; returns how
    many were reaped. Elsewhere than Linux this does nothing."""
    if not sys.platform.startswith("linux"):
        return 0
    reaped = 0
    deadline = time.monotonic() + grace
    while True:
        for pid in _zombie_children_in(group):
            with contextlib.suppress(ChildProcessError, OSError):
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    reaped += 1
        try:
            os.killpg(group, 0)  # zombies still count as members
        except (ProcessLookupError, PermissionError):
            return reaped
        if time.monotonic() > deadline:
            return reaped
        time.sleep(0.01)


def _zombie_children_in(group: int) -> list[int]:
    """This process's own children that are zombies of `group`: never a
    running exercise's pytest (its group is its own), never one alive."""
    found = []
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error, OSError):
            if child.status() == psutil.STATUS_ZOMBIE and os.getpgid(child.pid) == group:
                found.append(child.pid)
    return found


def adopt_orphans() -> bool:
    """Make this process the "child subreaper" of its descendants (Linux).

    A process that escapes its group (setsid, double fork) and loses its
    parent is then re-parented to this process instead of init, so that
    `kill_descendants` still finds it. Elsewhere this does nothing."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def descendants_with_groups(pid: int) -> list[tuple[int, int]]:
    """(pid, process group) of every process started, directly or not, by
    `pid` and still alive or not yet reaped; the group is -1 where the system
    does not tell it (Windows, or a process already gone)."""
    try:
        below = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    return [(child.pid, _group_of(child.pid)) for child in below]


def _group_of(pid: int) -> int:
    getpgid = getattr(os, "getpgid", None)  # POSIX only
    if getpgid is None:
        return -1
    try:
        return int(getpgid(pid))
    except OSError:
        return -1


def descendants(pid: int) -> list[int]:
    return [child for child, _ in descendants_with_groups(pid)]


def kill_descendants() -> list[int]:
    """Kill every process below this one and reap the ones it adopted.

    Called once every exercise has ended: whatever is still alive below the
    grader was left behind by a student's code."""
    if sys.platform == "win32":
        return []  # taskkill /T already took each exercise's tree
    found = descendants(os.getpid())
    alive = [pid for pid in found if not _is_zombie(pid)]
    for pid in alive:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    for pid in found:  # adopted orphans are our children now: no zombies
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
    return alive


def _is_zombie(pid: int) -> bool:
    """Dead already (killed with its group), waiting for its adopter to reap it."""
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False

"""Child processes that can be stopped completely, with everything they started.

Each graded exercise runs in its own process group (POSIX) or process group
and console-less tree (Windows): when it hangs, and again after it exits, the
whole group is killed, so a worker or a child process the student's code left
behind cannot outlive its exercise. A process that left the group (setsid, a
double fork) is caught at the end of the run: on Linux the grader adopts
orphans (child subreaper) and kills every process still below it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from tools.grading.zygote import ForkedChild

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


def kill_group(process: subprocess.Popen[bytes] | ForkedChild) -> None:
    """Kill the process and every process of its group; safe to call twice."""
    if isinstance(process, ForkedChild):
        process.kill_group()  # through the fork server, its parent
        return
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


def process_table() -> list[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every visible process, zombies
    included: /proc on Linux, ps elsewhere on POSIX; empty when neither answers."""
    rows: list[tuple[int, int, int]] = []
    proc = Path("/proc")
    if (proc / "self" / "stat").is_file():
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                text = (entry / "stat").read_text(encoding="utf-8", errors="replace")
                # "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
                fields = text[text.rfind(")") + 2 :].split()
                rows.append((int(entry.name), int(fields[1]), int(fields[2])))
            except (OSError, ValueError, IndexError):
                continue
        return rows
    try:
        listing = subprocess.run(
            ["ps", "-A", "-o", "pid=", "-o", "ppid=", "-o", "pgid="],
            capture_output=True, text=True, encoding="ascii", errors="replace",
            timeout=10, check=False,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return rows
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            rows.append((int(parts[0]), int(parts[1]), int(parts[2])))
    return rows


def descendants_with_groups(pid: int) -> list[tuple[int, int]]:
    """(pid, process group) of every process started, directly or not, by `pid`."""
    children: dict[int, list[tuple[int, int]]] = {}
    for child, parent, group in process_table():
        children.setdefault(parent, []).append((child, group))
    found, todo = [], [pid]
    while todo:
        for child, group in children.get(todo.pop(), []):
            found.append((child, group))
            todo.append(child)
    return found


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
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[:1] == ["Z"]

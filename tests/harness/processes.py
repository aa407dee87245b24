"""Child processes that can be stopped completely, with everything they started.

Each graded exercise runs in its own process group (POSIX) or process group
and console-less tree (Windows): when it hangs, and again after it exits, the
whole group is killed, so a worker or a child process the student's code left
behind cannot outlive its exercise or the grading run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any


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

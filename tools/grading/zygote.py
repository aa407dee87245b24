"""A fork server for the grader's pytest processes (Linux): start-up paid once.

Every exercise is graded in a fresh `python -m pytest` process; most of its
start-up is importing pytest, its plugins and asyncio, the same for every
exercise. The grader starts this server once per grading, with the same
interpreter and environment as those processes. It imports what every one of
them imports anyway (pytest and its built-in plugins, asyncio,
multiprocessing...), never the repository's `tests` and `tools` packages nor conftest.py,
nor the installed plugins (pytest must import those itself to rewrite their
asserts), and never runs any test. For each exercise it forks a child that
becomes exactly what `python -m pytest` would be: its own session (as
`start_new_session`), the exercise's folder as current directory and first
entry of sys.path, the environment and the output file of the grader's
request, `__main__` as pytest's, a new multiprocessing key. Each child is a
fresh copy of a server that never ran a student's line, so an exercise cannot
reach another one through it.

The server is the parent of the children, not the grader: it reports each
exit status to the grader, kills a child's process group when the grader asks
(hang) and again when the child exits (stragglers), before reaping it, so that
a process group id is never reused under a kill. Orphans still go to the grader
(child subreaper), above the server. Anything unusual (a kernel without
pidfd, a request whose environment differs from the server's beyond the
expected variables, a server that died or does not answer) makes the grader
start that exercise the usual way (`subprocess`), which stays the only way on
macOS and Windows, and with `--no-fork-server`.

Protocol: one SOCK_SEQPACKET socket pair per server (requests, each with two
file descriptors passed along: a socket pair end for that child, and its output
file), and one per child: the server answers {"pid": …} or {"error": …}, later
{"returncode": …}; the grader may send {"kill": true}, and hanging up kills.

What still differs from a started process: the string hash seed is the
server's, the same for every exercise of a grading (random per grading); the
parent process (os.getppid()) is the server, which works in the grader's
folder; /proc/self/cmdline is the server's (sys.argv and sys.orig_argv are
pytest's). tests/unit/test_zygote.py compares the rest, from inside pytest.

This file is also the server's program: the grader runs it through a
`python -c` bootstrap that takes the current directory off sys.path (and the
import cache) before any import, so only the standard library and installed
packages are importable. At the top level it imports the standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SERVER_FILE = Path(__file__).resolve()
# Run with `python -c BOOTSTRAP SERVER_FILE FD VARIABLE...`: sys.path[0] (the
# current directory) goes before anything is imported.
BOOTSTRAP = (
    "_main_keys = tuple(globals())\n"  # __main__ as the interpreter made it
    "import sys\n"
    "if not sys.flags.safe_path:\n"
    "    import os\n"
    "    _first = sys.path.pop(0)\n"
    "    sys.path_importer_cache.pop(_first, None)\n"
    "    sys.path_importer_cache.pop(os.path.abspath(_first), None)\n"
    "with open(sys.argv[1], 'rb') as _file:\n"
    "    _code = compile(_file.read(), sys.argv[1], 'exec')\n"
    "del _file\n"
    "__file__ = sys.argv[1]\n"
    "exec(_code)\n"
)
MAX_MESSAGE = 1 << 20
SPAWN_TIMEOUT = 30.0  # the first answer also waits for the server's imports
KILL_GRACE = 5.0  # a killed child is reported well within this
CLOSE_TIMEOUT = 10.0


def available() -> bool:
    """Whether this system can run the fork server (Linux with pidfd)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and hasattr(os, "pidfd_open")
        and hasattr(socket, "send_fds")
    )


class ForkServerError(Exception):
    """The server cannot start this child: start it the usual way."""


def _encode(message: Mapping[str, Any]) -> bytes:
    return json.dumps(message).encode("utf-8")


# -- the grader's end ---------------------------------------------------------------


@dataclass
class ForkedChild:
    """A pytest process forked by the server, seen like a subprocess.Popen.

    `lost` is set when the server went away (or stopped answering) before
    reporting the exit: the child was then killed with its group, and the
    grader runs that exercise again without the server."""

    pid: int
    channel: socket.socket
    command: list[str]
    returncode: int | None = None
    lost: bool = False
    _kill_sent: bool = field(default=False, repr=False)

    def _receive(self, timeout: float | None) -> bool:
        """Read the server's report; False if none came within `timeout`."""
        if self.returncode is not None or self.lost:
            return True
        try:
            self.channel.settimeout(timeout)
            data = self.channel.recv(MAX_MESSAGE)
        except (TimeoutError, BlockingIOError):
            return False
        except OSError:
            data = b""
        try:
            message = json.loads(data) if data else {}
        except ValueError:
            message = {}
        if isinstance(message.get("returncode"), int):
            self.returncode = message["returncode"]
        else:  # hung up, or made no sense: the server is gone
            self._lose()
        self.channel.close()
        return True

    def _lose(self) -> None:
        self.lost = True
        self.channel.close()
        # No server any more to kill the group before reaping: the child, if
        # alive, was re-parented to the grader (subreaper), which has not
        # reaped it, so its group id cannot have been reused.
        _kill_group_directly(self.pid)

    def poll(self) -> int | None:
        self._receive(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if timeout is None and self._kill_sent:
            timeout = KILL_GRACE  # a stopped or stuck server must not hang the grader
            if not self._receive(timeout):
                self._lose()
            return self.returncode
        if not self._receive(timeout):
            raise subprocess.TimeoutExpired(self.command, timeout or 0.0)
        return self.returncode

    def kill_group(self) -> None:
        """Kill the child and its whole process group (through the server,
        which has not reaped it yet: its group id cannot have been reused)."""
        if self.returncode is not None or self.lost:
            return  # the server killed the group before reaping the child
        try:
            self.channel.sendall(_encode({"kill": True}))
        except OSError:
            self._lose()
            return
        self._kill_sent = True

    def kill(self) -> None:
        self.kill_group()


def _kill_group_directly(pid: int) -> None:
    if sys.platform == "win32":
        return
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


class ForkServer:
    """The grader's handle on one running server."""

    def __init__(self, process: subprocess.Popen[bytes], control: socket.socket) -> None:
        self.process = process
        self.control = control
        self.control.settimeout(SPAWN_TIMEOUT)  # a stuck server must not block a send
        self.broken = False
        self._lock = threading.Lock()

    @classmethod
    def start(
        cls, work: Path, env: Mapping[str, str], extra_variables: Sequence[str] = ()
    ) -> ForkServer | None:
        """Start a server whose children get `env` plus `extra_variables`
        (set per request); None where it cannot run. Its output goes to a
        file in `work`, for whoever needs to know why it stopped."""
        if not available():
            return None
        try:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        except OSError:
            return None
        try:
            with (work / "zygote.log").open("wb") as log:
                process = subprocess.Popen(
                    [sys.executable, "-c", BOOTSTRAP, str(SERVER_FILE), str(theirs.fileno()),
                     *extra_variables],
                    env=dict(env), stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT, pass_fds=(theirs.fileno(),),
                    # Out of the grader's group: Ctrl-C is the grader's to handle.
                    start_new_session=True,
                    # The grader's folder, as seen by a child in /proc/PPID/cwd.
                    cwd=None,
                )  # fmt: skip
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        return cls(process, ours)

    def spawn(
        self, command: Sequence[str], *, cwd: Path, env: Mapping[str, str], output: IO[bytes]
    ) -> ForkedChild:
        """Fork `python -m pytest ...` (command) in its own session; its
        standard output and error go to `output`, its input is /dev/null."""
        if self.broken:
            raise ForkServerError("serveur hors service")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        request = {"command": list(command), "cwd": str(cwd), "env": dict(env)}
        try:
            with self._lock:
                socket.send_fds(
                    self.control, [_encode(request)], [theirs.fileno(), output.fileno()]
                )
        except OSError as exc:
            ours.close()
            self.broken = True
            raise ForkServerError(str(exc)) from exc
        finally:
            theirs.close()
        try:
            ours.settimeout(SPAWN_TIMEOUT)
            data = ours.recv(MAX_MESSAGE)
            answer = json.loads(data) if data else {}
        except (OSError, ValueError) as exc:
            answer = {"error": str(exc)}
        if not isinstance(answer.get("pid"), int):
            ours.close()  # a child forked after all is killed by the server on hang-up
            if "refused" not in answer:
                self.broken = True  # gone, stuck, or not ready in time
            raise ForkServerError(str(answer.get("error", "pas de réponse")))
        return ForkedChild(answer["pid"], ours, list(command))

    def close(self) -> None:
        """Stop the server (it kills whatever child it still has)."""
        self.broken = True
        with contextlib.suppress(OSError):
            self.control.shutdown(socket.SHUT_RDWR)
        self.control.close()
        try:
            self.process.wait(timeout=CLOSE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()  # our own child, not yet reaped: its pid is its own
            self.process.wait()


# -- the server ---------------------------------------------------------------------
#
# Everything below runs in the server process, started by the bootstrap.


def preload() -> None:
    """Import what every `python -m pytest` run of the grader imports before
    its first test, apart from the repository's own modules."""
    import importlib

    import pytest  # noqa: F401
    from _pytest.config import default_plugins

    # stepwise is blocked with the cache provider (-p no:cacheprovider).
    for name in default_plugins:
        if name != "stepwise":
            importlib.import_module(f"_pytest.{name}")
    # NOT the installed plugins (pytest-asyncio, pytest-timeout...): pytest
    # rewrites the asserts of every module of their distributions, which it
    # can only do if it imports them itself ("Module already imported so
    # cannot be rewritten"). Below, what conftest.py and the test support
    # import from the standard library; pdb is imported by pytest's debugging
    # plugin when it is configured.
    for name in (
        "asyncio", "concurrent.futures", "multiprocessing", "multiprocessing.context",
        "hmac", "tomllib", "pdb", "runpy",
    ):  # fmt: skip
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


@dataclass
class _Child:
    pid: int
    channel: socket.socket | None
    pidfd: int


@dataclass
class _Server:
    control: socket.socket
    allowed: frozenset[str]  # variables a request may add to the server's environment
    environment: dict[str, str]  # the server's own, as it started
    selector: selectors.BaseSelector = field(default_factory=selectors.DefaultSelector)
    children: dict[int, _Child] = field(default_factory=dict)

    def serve(self) -> Callable[[], None] | None:
        """Answer requests until the grader hangs up (None). In a forked
        child, return what it must run instead."""
        self.selector.register(self.control, selectors.EVENT_READ, ("control", 0))
        while True:
            for key, _ in self.selector.select():
                kind, pid = key.data
                if kind == "control":
                    job = self.request()
                    if job is not None:
                        return job
                    if self.control.fileno() < 0:
                        self.stop_all()
                        return None
                elif kind == "channel":
                    self.from_grader(pid)
                else:
                    self.exited(pid)

    def request(self) -> Callable[[], None] | None:
        try:
            data, fds, _, _ = socket.recv_fds(self.control, MAX_MESSAGE, 2)
        except OSError:
            data, fds = b"", []
        if not data:  # the grader hung up
            self.selector.unregister(self.control)
            self.control.close()
            for fd in fds:
                os.close(fd)
            return None
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            return None
        channel = socket.socket(fileno=fds[0])
        output = fds[1]
        try:
            command, cwd, env = self.check(json.loads(data))
        except (ValueError, KeyError, TypeError) as exc:
            with contextlib.suppress(OSError):
                channel.sendall(_encode({"error": str(exc), "refused": True}))
            channel.close()
            os.close(output)
            return None
        return self.fork(channel, output, command, cwd, env)

    def check(self, request: Any) -> tuple[list[str], str, dict[str, str]]:
        command = [str(arg) for arg in request["command"]]
        env = {str(k): str(v) for k, v in request["env"].items()}
        if command[:3] != [sys.executable, "-m", "pytest"]:
            raise ValueError(f"pas une commande pytest de cet interpréteur : {command[:3]}")
        differ = {
            name
            for name in env.keys() | self.environment.keys()
            if env.get(name) != self.environment.get(name)
        }
        if differ - self.allowed:
            # What the interpreter read when it started would not be the same.
            raise ValueError(f"environnement différent : {sorted(differ - self.allowed)}")
        return command, str(request["cwd"]), env

    def fork(
        self, channel: socket.socket, output: int, command: list[str], cwd: str, env: dict[str, str]
    ) -> Callable[[], None] | None:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        ready, done = os.pipe()
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in (ready, done, output):
                os.close(fd)
            with contextlib.suppress(OSError):
                channel.sendall(_encode({"error": str(exc)}))
            channel.close()
            return None
        if pid == 0:  # the child: nothing of the server may stay open in it
            try:
                os.setsid()
                os.close(ready)
                os.close(done)  # tells the server the session exists
                channel.close()
                self.close_everything()
            except BaseException:  # never back into the server's loop
                os._exit(70)
            return lambda: become_pytest(command, cwd, env, output)
        os.close(done)
        os.read(ready, 1)  # returns at the child's close (or death): it has its session
        os.close(ready)
        os.close(output)
        pidfd = os.pidfd_open(pid)
        self.children[pid] = _Child(pid, channel, pidfd)
        self.selector.register(channel, selectors.EVENT_READ, ("channel", pid))
        self.selector.register(pidfd, selectors.EVENT_READ, ("exit", pid))
        try:
            channel.sendall(_encode({"pid": pid}))
        except OSError:
            self.from_grader(pid)  # the grader is gone: so is the child
        return None

    def from_grader(self, pid: int) -> None:
        """A kill request, or the grader hung up: kill the child's group."""
        child = self.children[pid]
        assert child.channel is not None
        try:
            data = child.channel.recv(MAX_MESSAGE)
        except OSError:
            data = b""
        if not data:
            self.selector.unregister(child.channel)
            child.channel.close()
            child.channel = None
        _kill_group_directly(pid)  # not reaped yet: the group id is still the child's

    def exited(self, pid: int) -> None:
        """The child ended: kill what it left in its group, reap it, report."""
        child = self.children.pop(pid)
        _kill_group_directly(pid)
        self.selector.unregister(child.pidfd)
        os.close(child.pidfd)
        _, status = os.waitpid(pid, 0)
        if child.channel is not None:
            self.selector.unregister(child.channel)
            with contextlib.suppress(OSError):
                child.channel.sendall(_encode({"returncode": os.waitstatus_to_exitcode(status)}))
            child.channel.close()

    def stop_all(self) -> None:
        for pid in list(self.children):
            _kill_group_directly(pid)
        for pid in list(self.children):
            self.exited(pid)

    def close_everything(self) -> None:
        """In a forked child: close every file the server holds."""
        for child in self.children.values():
            if child.channel is not None:
                child.channel.close()
            os.close(child.pidfd)
        self.children.clear()
        self.selector.close()
        self.control.close()


def become_pytest(command: list[str], cwd: str, env: dict[str, str], output: int) -> None:
    """In a forked child: turn into `python -m pytest ARGS` started with
    `cwd`, `env`, stdin from /dev/null, stdout and stderr to `output`."""
    import builtins
    import runpy
    import types

    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(null)
    os.close(output)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    if not sys.flags.safe_path:
        sys.path.insert(0, os.getcwd())  # as `python -m` does
    arguments = command[3:]
    sys.argv = ["-m", *arguments]  # runpy puts pytest/__main__.py first
    sys.orig_argv = list(command)
    main = types.ModuleType("__main__")
    # What the interpreter puts in __main__ at start-up, runpy adds the rest.
    fresh = {"__builtins__": builtins, "__annotations__": {}}
    for name in globals().get("_main_keys", fresh):
        if name in fresh:
            main.__dict__[name] = fresh[name]
    sys.modules["__main__"] = main
    if "multiprocessing" in sys.modules:
        import multiprocessing.process

        # What its import would have set in this process: spawned and
        # forkserver workers rebuild __main__ and sys.path from these.
        sys.modules["__mp_main__"] = main
        multiprocessing.process.ORIGINAL_DIR = os.path.abspath(os.getcwd())  # type: ignore[attr-defined]
        multiprocessing.process.current_process().authkey = os.urandom(32)
    runpy._run_module_as_main("pytest")  # type: ignore[attr-defined]


def main(argv: Sequence[str]) -> None:
    if not available():
        sys.exit("serveur de fork : système non pris en charge")
    repository = ("tests", "tools", "conftest")
    if any(name.partition(".")[0] in repository for name in sys.modules):
        sys.exit("serveur de fork : les paquets du dépôt ne doivent pas être importés ici")
    control = socket.socket(fileno=int(argv[0]))
    os.set_inheritable(control.fileno(), False)
    environment = dict(os.environ)
    os.close(os.pidfd_open(os.getpid()))  # a kernel without pidfd stops here
    preload()
    job = _Server(control, frozenset(argv[1:]), environment).serve()
    if job is not None:
        job()  # the child: pytest ends it with SystemExit, like `python -m pytest`


if __name__ == "__main__":
    main(sys.argv[2:])

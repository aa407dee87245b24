"""Real TCP connections on 127.0.0.1 for the line-protocol exercise (ex10).

The protocol (the statement in exercises/ex10_serveur_tcp.py is the reference):
    client: `CALCUL <a> <b>`      server: `OK <calculer(a, b)>`
    client: any other line        server: `ERREUR <raison>`, connection kept open
    client: `FIN`                 server: closes the connection

Everything here sits on the test's side of the sockets:
- `Gate` holds callers until `expected` things are in progress at the same
  time (requests inside the student's server, or connections opened by the
  student's client). A concurrent program always gets there, however slow
  the machine; a sequential one never does, and the gate opens anyway after
  `patience` seconds (`forced`), so a wrong answer fails fast. `seen` is the
  most found in progress at once before the gate opened; when it is forced,
  `waiting_on_lock` counts the tasks then waiting to take an asyncio.Lock
  (a lock shared by every client serves them one at a time).
- `GatedService` is the `calculer` handed to the student's server.
- `running_server` starts the student's server, records what its handlers
  raise, and closes it; `LineClient` is one test client.
- `CalcServer` is the test's own server, for grading the student's client.
- Back-pressure (`clamp_buffers`, `LineClient.connect(small_buffers=…)`,
  `settled_count`): the kernel buffers of a loopback connection grow to
  several megabytes by themselves; set small on both ends and in both
  directions (the accepted socket inherits the listening socket's), only the
  transport's own buffer (64 KiB before asyncio pauses the writer) is left
  between a server that waits with drain() and a client that does not read,
  and only the server's StreamReader (128 KiB before asyncio stops reading)
  between the lines that client sent and those the server took.

Connections are opened in batches (`BATCH`): a listening socket queues at
most `backlog` (100 by default in asyncio) connections not yet accepted, and
the system drops the ones beyond: their client retries only after a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import socket
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.clock import loop_sleep, monotonic
from tests.support.concurrency import InFlight
from tests.support.measures import record
from tests.support.orphans import Leftovers
from tests.support.student import Student, describe_exception, student_frames
from tests.support.suspension import await_chain
from tools.common import french

HOST = "127.0.0.1"
BATCH = 25
CONNECT_LIMIT = 3.0
# s for demarrer_serveur to return: a right answer takes a few ms (docstring
# of tests/hidden/test_ex10_serveur_tcp.py), one that calls serve_forever()
# never returns, and each test would wait this long without _HANGING.
START_LIMIT = 0.5
CLOSE_LIMIT = 2.0

REQUEST = re.compile(r"CALCUL (-?\d+) (-?\d+)")


def raise_open_file_limit(connections: int) -> None:
    """Each local connection costs two file descriptors in the test process;
    macOS shells start with a soft limit of 256."""
    try:
        import resource
    except ImportError:  # Windows: sockets do not count against a small limit
        return
    needed = 2 * connections + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


# -- waiting for concurrency --------------------------------------------------


class Gate:
    """Opens once `check(count)` sees `expected`, or `patience` seconds after
    `start()`; `wait()` returns once it is open."""

    def __init__(self, expected: int, patience: float) -> None:
        self.expected = expected
        self.patience = patience
        self.forced = False
        self.seen = 0
        self.waiting_on_lock = 0
        self.opened_after: float | None = None
        self._event = asyncio.Event()
        self._started: float | None = None
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def already_open(cls) -> Gate:
        gate = cls(0, 0.0)
        gate._event.set()
        return gate

    def start(self) -> None:
        if self._started is None:
            self._started = monotonic()
            self._timer = asyncio.get_running_loop().call_later(self.patience, self._open, True)

    def check(self, count: int) -> None:
        if self._event.is_set():
            return  # `seen` tells what happened before the gate opened
        self.seen = max(self.seen, count)
        if count >= self.expected:
            self._open(False)

    async def wait(self) -> None:
        self.start()
        await self._event.wait()

    def _open(self, forced: bool) -> None:
        if self._event.is_set():
            return
        self.forced = forced
        if self._started is not None:
            self.opened_after = monotonic() - self._started
        if forced:
            self.waiting_on_lock = sum(
                "Lock.acquire" in await_chain(task.get_coro()) for task in asyncio.all_tasks()
            )
        self.release()

    def release(self) -> None:
        """Let every waiter through, without counting it as a forced opening:
        nothing must stay stuck at the gate once the test is over."""
        self._event.set()
        if self._timer is not None:
            self._timer.cancel()


@dataclass
class GatedService:
    """`operation(a, b)` returns `answer(a, b)`; the first calls wait at the
    gate until `gate.expected` of them are in progress at once."""

    answer: Callable[[int, int], int]
    gate: Gate
    latency: float = 0.002
    in_flight: InFlight = field(default_factory=InFlight)
    calls: list[tuple[int, int]] = field(default_factory=list)

    async def operation(self, a: int, b: int) -> int:
        self.calls.append((a, b))
        self.in_flight.enter()
        try:
            self.gate.check(self.in_flight.current)
            await self.gate.wait()
            await loop_sleep(self.latency)
            return self.answer(a, b)
        finally:
            self.in_flight.leave()


# -- the student's server -----------------------------------------------------


@dataclass
class StudentServer:
    port: int
    student: Student
    loop_errors: list[dict[str, Any]] = field(default_factory=list)
    server: Any = None
    # Tasks that existed before demarrer_serveur: what the server started is the rest.
    leftovers: Leftovers | None = None
    _first: dict[str, str] = field(default_factory=dict)

    def clamp_buffers(self, size: int) -> None:
        """Small kernel send and receive buffers for the connections accepted
        from now on."""
        for sock in getattr(self.server, "sockets", None) or ():
            for option in (socket.SO_SNDBUF, socket.SO_RCVBUF):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, option, size)

    def crashes(self) -> str:
        """What the student's handlers raised so far, for a failure message."""
        gc.collect()  # 3.11 reports a failed handler task only when it is collected
        seen: dict[str, int] = {}
        for context in self.loop_errors:
            exc = context.get("exception")
            if isinstance(exc, ConnectionError):
                continue  # a test client closing while the server still writes
            if exc is None:
                text = str(context.get("message"))
            else:
                # Same exception type at the same lines: the same crash.
                where = "\n      ".join(student_frames(exc, self.student.tree))
                text = f"{type(exc).__name__}\n      {where}" if where else type(exc).__name__
                if text not in seen and text not in self._first:
                    self._first[text] = describe_exception(exc, self.student.tree)
            seen[text] = seen.get(text, 0) + 1
        if not seen:
            return ""
        lines = []
        for text, count in list(seen.items())[:2]:
            times = f" ({count} fois)" if count > 1 else ""
            shown = self._first.get(text, text).replace("\n", "\n  ")
            lines.append(f"\n    le serveur a levé{times} : {shown}")
        return "".join(lines)


_HANGING: set[Path] = set()


def _ipv4_port(server: Any) -> int | None:
    for sock in getattr(server, "sockets", None) or ():
        if sock.family == socket.AF_INET:
            return int(sock.getsockname()[1])
    return None


@asynccontextmanager
async def running_server(
    student: Student, calculer: Callable[[int, int], Awaitable[int]]
) -> AsyncIterator[StudentServer]:
    """`demarrer_serveur(calculer, 0)`, yielded with its port, then closed."""
    demarrer_serveur = student.function("demarrer_serveur")
    call = "demarrer_serveur(calculer, 0)"
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: errors.append(context))
    leftovers = Leftovers()
    try:
        starting = asyncio.ensure_future(demarrer_serveur(calculer, 0))
        # After one hang, the other tests of the same code do not wait again.
        limit = 0.0 if student.tree in _HANGING else START_LIMIT
        since = monotonic()
        done, _ = await asyncio.wait({starting}, timeout=limit)
        if done:
            record("10 démarrage du serveur, s", monotonic() - since, START_LIMIT, "upper")
        if not done:
            _HANGING.add(student.tree)
            starting.cancel()
            await asyncio.wait({starting}, timeout=CLOSE_LIMIT)
            student.fail(
                "demarrer_serveur ne rend pas la main.",
                call=call,
                observed=f"toujours en cours après {french.number(START_LIMIT)} s",
                expected="le serveur, renvoyé dès qu'il écoute",
                advice="renvoie l'objet donné par await asyncio.start_server(...) ; "
                "n'appelle pas serve_forever() dans demarrer_serveur",
                requirement="E1",
            )
        if starting.exception() is not None:
            student.fail(
                "demarrer_serveur a levé une exception.",
                call=call,
                observed=describe_exception(starting.exception(), student.tree),
                expected="le serveur démarré",
                requirement="E1",
            )
        server = starting.result()
        if not isinstance(server, asyncio.AbstractServer):
            student.fail(
                "demarrer_serveur ne renvoie pas le serveur.",
                call=call,
                observed=f"un objet {type(server).__name__}",
                expected="l'objet renvoyé par asyncio.start_server(...)",
                advice="termine demarrer_serveur par return await asyncio.start_server(...)",
                requirement="E1",
            )
        port = _ipv4_port(server)
        if port is None:
            server.close()
            student.fail(
                "Le serveur n'écoute pas sur 127.0.0.1.",
                call=call,
                observed="aucune adresse IPv4 parmi les sockets du serveur",
                expected="un serveur démarré avec asyncio.start_server(…, '127.0.0.1', port)",
                requirement="E1",
            )
        try:
            yield StudentServer(port, student, errors, server, leftovers)
        finally:
            server.close()
            # Python 3.12+ waits for open connections: the tests close theirs,
            # a handler stuck on something else must not hang the test.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), CLOSE_LIMIT)
    finally:
        loop.set_exception_handler(previous)


# -- a test client --------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One line received, or why there was none."""

    text: str | None
    closed: bool = False
    partial: str = ""
    waited: float = 0.0

    def describe(self) -> str:
        if self.text is not None:
            return f"« {self.text} »"
        tail = f" (reçu « {self.partial} » sans fin de ligne \\n)" if self.partial else ""
        if self.closed:
            return f"la connexion fermée par le serveur, sans réponse{tail}"
        return f"aucune réponse au bout de {french.number(self.waited)} s{tail}"


def no_answer_advice(reply: Reply) -> str | None:
    if reply.text is not None:
        return None
    if reply.partial:
        return "termine chaque réponse par \\n : writer.write(f'OK {resultat}\\n'.encode())"
    return (
        "réponds à chaque ligne dès qu'elle arrive : lis-la avec await reader.readline() "
        "dans une boucle, sans attendre FIN ni la fin de la connexion"
    )


def wrong_reply_advice(reply: Reply, a: int, b: int) -> str | None:
    """Advice for the reply to a valid `CALCUL a b`, from what came back."""
    if reply.text is None:
        return no_answer_advice(reply)
    if reply.text.strip().startswith("ERREUR") and (a < 0 or b < 0):
        return (
            'un entier peut être négatif : int("-3") vaut -3, mais "-3".isdigit() est '
            "faux ; convertis avec int() dans un try/except ValueError"
        )
    if reply.text.strip().startswith("ERREUR"):
        return (
            "cette ligne est une requête valide : découpe-la avec split() et convertis a et b "
            "avec int() ; ne réponds ERREUR que si la conversion échoue"
        )
    return "réponds « OK » suivi du résultat de await calculer(a, b), et de rien d'autre"


class LineClient:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self._pending = b""

    @classmethod
    async def connect(cls, port: int, small_buffers: int | None = None) -> LineClient:
        """A connection; with `small_buffers`, small kernel receive and send
        buffers (set before connecting, so that the window is small from the start)."""
        if small_buffers is None:
            opening = asyncio.open_connection(HOST, port)
        else:
            opening = _open_small(port, small_buffers)
        reader, writer = await asyncio.wait_for(opening, CONNECT_LIMIT)
        return cls(reader, writer)

    def send(self, line: str) -> None:
        self.writer.write(f"{line}\n".encode())

    async def receive(self, limit: float) -> Reply:
        deadline = monotonic() + limit
        while b"\n" not in self._pending:
            remaining = deadline - monotonic()
            partial = self._pending.decode(errors="replace")
            if remaining <= 0:
                return Reply(None, partial=partial, waited=limit)
            try:
                chunk = await asyncio.wait_for(self.reader.read(4096), remaining)
            except TimeoutError:
                return Reply(None, partial=partial, waited=limit)
            except OSError:
                return Reply(None, closed=True, partial=partial)
            if not chunk:
                return Reply(None, closed=True, partial=partial)
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return Reply(line.decode(errors="replace").rstrip("\r"))

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.writer.wait_closed(), CLOSE_LIMIT)


async def _open_small(port: int, size: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (HOST, port))
    except BaseException:
        sock.close()
        raise
    return await asyncio.open_connection(sock=sock)


async def settled_count(count: Callable[[], int], total: int, *, quiet: int, limit: float) -> int:
    """`count()` once it reaches `total`, or once it has not moved for `quiet`
    polls in a row (10 ms apart: counted in polls, not seconds, so that a
    process put aside by a loaded machine does not look settled), or after
    `limit` seconds."""
    deadline = monotonic() + limit
    last, still = count(), 0
    while last < total and still < quiet and monotonic() < deadline:
        await loop_sleep(0.01)
        now = count()
        still = still + 1 if now == last else 0
        last = now
    return last


async def connect_many(student: Student, port: int, count: int) -> list[LineClient]:
    """`count` open connections, opened `BATCH` at a time."""
    clients: list[LineClient] = []
    while len(clients) < count:
        size = min(BATCH, count - len(clients))
        batch = await asyncio.gather(
            *(LineClient.connect(port) for _ in range(size)), return_exceptions=True
        )
        clients += [c for c in batch if isinstance(c, LineClient)]
        failures = [e for e in batch if not isinstance(e, LineClient)]
        if failures:
            await close_all(clients)
            student.fail(
                "Impossible de se connecter au serveur.",
                call="asyncio.open_connection('127.0.0.1', port)",
                observed=f"{len(clients)} connexion(s) ouverte(s), puis "
                f"{type(failures[0]).__name__}: {failures[0]}",
                expected=f"{count} connexions acceptées",
            )
    return clients


async def close_all(clients: list[LineClient]) -> None:
    await asyncio.gather(*(c.close() for c in clients))


@contextlib.contextmanager
def catch_unclosed() -> Iterator[list[str]]:
    """The "unclosed …" ResourceWarnings raised in the block, without the
    garbage collector's help: Python closes a StreamWriter dropped unclosed
    (and says so) as soon as nothing refers to it any more. The block's other
    warnings are raised again at its end, for whoever records them around it
    (the course's rules)."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
    for w in caught:
        text = str(w.message)
        if issubclass(w.category, ResourceWarning) and text.startswith("unclosed"):
            found.append(text)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def open_connections_to(port: int) -> int:
    """Connections of this process to `port` (the test's server) that their
    owner has not closed: asked at the moment the student's client returns,
    before anything collects what it dropped."""
    found = 0
    for obj in gc.get_objects():
        if isinstance(obj, asyncio.Transport) and not obj.is_closing():
            peer = obj.get_extra_info("peername")
            if isinstance(peer, tuple) and len(peer) >= 2 and peer[1] == port:
                found += 1
    return found


@contextlib.contextmanager
def record_unclosed() -> Iterator[list[str]]:
    """The "unclosed …" ResourceWarnings of the block: Python closes a
    forgotten StreamWriter when it is collected, and says so only there."""
    found: list[str] = []
    gc.collect()  # writers leaked earlier, by other tests, are not this block's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        try:
            yield found
        finally:
            gc.collect()
    found += [
        str(w.message)
        for w in caught
        if issubclass(w.category, ResourceWarning) and str(w.message).startswith("unclosed")
    ]


# -- the test's own server, for the student's client ----------------------------


@dataclass
class Connection:
    """What one client connection sent, and how it ended."""

    lines: list[str] = field(default_factory=list)
    ended: str | None = None  # "FIN", "EOF" (closed by the client) or "coupée"


class CalcServer:
    """A server speaking the protocol: `respond(line)` gives the answer to
    each line but `FIN`, sent after `latency(line)` seconds and, with a gate,
    only once the gate is open. Counts open connections.

    Its connections are served by `handlers` tasks started with the server,
    before the student's client runs: a task asyncio would start per
    connection would be counted among those the student's call left running
    (course rule C2). `handlers` must cover the connections open at once."""

    def __init__(
        self,
        respond: Callable[[str], str],
        *,
        gate: Gate | None = None,
        latency: Callable[[str], float] = lambda line: 0.001,
        handlers: int = 8,
    ) -> None:
        self.respond = respond
        self.gate = gate
        self.latency = latency
        self.handlers = handlers
        self.open = InFlight()
        self.connections: list[Connection] = []
        self._writers: list[asyncio.StreamWriter] = []
        self._accepted: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self._workers: list[asyncio.Task[None]] = []
        self._busy = 0
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> CalcServer:
        self._workers = [asyncio.create_task(self._work()) for _ in range(self.handlers)]
        # A large backlog: the student's client may open every connection at once.
        self._server = await asyncio.start_server(self._accept, HOST, 0, backlog=1024)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self.gate is not None:
            self.gate.release()
        for writer in self._writers:
            writer.close()
        # Let every connection end by itself, then stop the idle workers.
        deadline = monotonic() + CLOSE_LIMIT
        while (self._busy or not self._accepted.empty()) and monotonic() < deadline:
            await loop_sleep(0.005)
        for worker in self._workers:
            worker.cancel()
        await asyncio.wait(self._workers, timeout=CLOSE_LIMIT)
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), CLOSE_LIMIT)

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """asyncio's callback for a new connection: a plain function, no task."""
        self._writers.append(writer)
        self._accepted.put_nowait((reader, writer))

    async def _work(self) -> None:
        while True:
            reader, writer = await self._accepted.get()
            self._busy += 1
            try:
                await self._serve(reader, writer)
            finally:
                self._busy -= 1

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = Connection()
        self.connections.append(connection)
        self.open.enter()
        if self.gate is not None:
            self.gate.start()
            self.gate.check(self.open.current)
        try:
            while True:
                raw = await reader.readline()
                if not raw:
                    connection.ended = "EOF"
                    break
                line = raw.decode(errors="replace").rstrip("\r\n")
                connection.lines.append(line)
                if line == "FIN":
                    connection.ended = "FIN"
                    break
                if self.gate is not None:
                    await self.gate.wait()
                await loop_sleep(self.latency(line))
                writer.write(f"{self.respond(line)}\n".encode())
                await writer.drain()
        except (OSError, ValueError):  # reset by the client, or a line over 64 KiB
            connection.ended = "coupée"
        finally:
            self.open.leave()
            writer.close()

    async def wait_all_ended(self, limit: float) -> bool:
        deadline = monotonic() + limit
        while any(c.ended is None for c in self.connections):
            if monotonic() > deadline:
                return False
            await loop_sleep(0.005)
        return True

"""What ships to students runs on Windows and macOS, not only on Linux.

Static checks (AST, nothing imported or run) over every Python module of the
student template except the stubs: conftest.py, noxfile.py, the shipped
runtime packages (tools.common.paths.RUNTIME_PACKAGES) and tests/public.

1. Every use of a POSIX-only API is guarded. The API list is `POSIX_ONLY_*`
   below (fork, killpg, SIGALRM and the other signals Windows lacks, fcntl,
   resource..., `start_new_session=`, the "fork" start method, /proc, prctl).
   A use is guarded when it is:
   - in a branch of an `if`, `while`, ternary, `and`/`or` whose test mentions
     the platform: `sys.platform`, `os.name`, `platform.system()`, `hasattr(`,
     `getattr(` with a default, or a name or function defined from those;
   - after `if <such a test>:` ending in return/raise/continue/break/skip
     (an early exit), or under a `skipif` mentioning the platform;
   - in the body of a `try` (or `contextlib.suppress`) catching what the API
     raises where it is missing (`ALSO_CAUGHT_BY`), or Exception. Keywords
     that Windows silently ignores (`start_new_session=`) only count as
     guarded by a test of the platform;
   - in a function every reference to which (by name, in any shipped module)
     is itself guarded by a test of the platform.
   The direction of the test is not checked (`if sys.platform == "win32":`
   guards both branches): the check finds uses nobody thought about, a
   reviewer reads the ones that were.
2. Every text file opened by those modules says its encoding: Windows would
   otherwise read and write them in the locale's code page (cp1252). ruff's
   rule for it (PLW1514) is preview-only in ruff 0.17.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tools.teacher.template import student_files

# -- what is POSIX-only -------------------------------------------------------

# Attributes Windows lacks, per module: AttributeError there.
POSIX_ONLY_ATTRIBUTES = {
    "os": frozenset(
        {
            "fork", "forkpty", "register_at_fork", "posix_spawn", "posix_spawnp",
            "killpg", "getpgid", "setpgid", "getpgrp", "setpgrp", "setsid", "getsid",
            "getuid", "geteuid", "getgid", "getegid", "setuid", "seteuid", "setgid",
            "setegid", "getgroups", "setgroups", "getresuid", "getresgid",
            "wait", "wait3", "wait4", "waitid", "WNOHANG", "WUNTRACED", "WCONTINUED",
            "nice", "getpriority", "setpriority", "sched_getaffinity", "sched_setaffinity",
            "getloadavg", "sysconf", "confstr", "pathconf", "fpathconf", "uname",
            "mkfifo", "mknod", "chown", "lchown", "fchown", "chroot", "openpty",
            "ttyname", "ctermid", "pipe2", "sync", "setns", "unshare", "pidfd_open",
            "memfd_create", "eventfd",
        }
    ),
    "select": frozenset({"poll", "epoll", "kqueue", "devpoll"}),
    "time": frozenset({"tzset"}),
    "asyncio": frozenset(
        {
            "get_child_watcher", "set_child_watcher", "AbstractChildWatcher",
            "SafeChildWatcher", "FastChildWatcher", "ThreadedChildWatcher",
            "PidfdChildWatcher", "MultiLoopChildWatcher",
            "start_unix_server", "open_unix_connection",
        }
    ),
}  # fmt: skip
# The signal module on Windows has these only: anything else of it (SIGALRM,
# SIGKILL, alarm, setitimer, pthread_kill...) is POSIX-only. SIGTERM is there.
WINDOWS_SIGNAL = frozenset(
    {
        "signal", "getsignal", "default_int_handler", "raise_signal", "set_wakeup_fd",
        "strsignal", "valid_signals", "Signals", "Handlers", "NSIG", "SIG_DFL", "SIG_IGN",
        "SIGABRT", "SIGBREAK", "SIGFPE", "SIGILL", "SIGINT", "SIGSEGV", "SIGTERM",
        "CTRL_C_EVENT", "CTRL_BREAK_EVENT",
    }
)  # fmt: skip
POSIX_ONLY_MODULES = frozenset(
    {"fcntl", "termios", "tty", "pty", "resource", "pwd", "grp", "posix", "crypt", "spwd",
     "syslog", "curses", "readline", "nis", "ossaudiodev"}
)  # fmt: skip
# Methods whatever their object: the Windows event loop raises
# NotImplementedError for the first ones; prctl is Linux's, through ctypes.
POSIX_ONLY_METHODS = frozenset(
    {"add_signal_handler", "remove_signal_handler", "create_unix_server",
     "create_unix_connection", "prctl"}
)  # fmt: skip
# Keywords of subprocess (and asyncio's) that Windows ignores or refuses;
# also found as string keys of a dict of options passed with **.
POSIX_ONLY_KEYWORDS = frozenset({"start_new_session", "preexec_fn", "process_group", "pass_fds"})
POSIX_ONLY_START_METHODS = frozenset({"fork", "forkserver"})

# What a use raises where the API is missing, so that a `try` catching it is a
# fallback. Empty: Windows ignores it quietly, only a platform test helps.
ALSO_CAUGHT_BY = {
    "attribute": ("AttributeError",),
    "import": ("ImportError", "ModuleNotFoundError"),
    "method": ("AttributeError", "NotImplementedError", "OSError"),
    "proc": ("OSError", "FileNotFoundError"),
    "start method": ("ValueError",),
    "keyword": (),
}
CATCH_ALL = ("Exception", "BaseException")
# Calls that end a branch as a return does.
EXITS = frozenset({"pytest.skip", "sys.exit", "pytest.exit", "pytest.fail"})

# Uses the checker cannot prove guarded, each one reviewed:
# (file, name as reported) -> why it is fine. A stale entry fails a test.
ALLOWED: dict[tuple[str, str], str] = {}


def shipped_sources() -> dict[str, str]:
    """Every shipped Python module but the stubs: path in the export -> source."""
    return {
        rel: path.read_text(encoding="utf-8")
        for rel, path in sorted(student_files().items())
        if rel.endswith(".py") and not rel.startswith("exercises/")
    }


# -- reading a module ------------------------------------------------------------


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


@dataclass
class Module:
    path: str
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    modules: dict[str, str] = field(default_factory=dict)  # local name -> module imported
    platform_names: set[str] = field(default_factory=set)  # IS_WINDOWS = sys.platform == ...
    platform_functions: set[str] = field(default_factory=set)  # def is_windows(): return ...
    docstrings: set[ast.AST] = field(default_factory=set)

    @classmethod
    def parse(cls, path: str, source: str) -> Module:
        module = cls(path, ast.parse(source, filename=path))
        for node in ast.walk(module.tree):
            for child in ast.iter_child_nodes(node):
                module.parents[child] = node
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    module.modules[local] = alias.name if alias.asname else local
            body = getattr(node, "body", None)
            first = body[0] if isinstance(body, list) and body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                module.docstrings.add(first.value)
        module._find_platform_tests()
        return module

    def _find_platform_tests(self) -> None:
        grew = True
        while grew:
            grew = False
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    names = {t.id for t in targets if isinstance(t, ast.Name)}
                    if names - self.platform_names and self.mentions_platform(node.value):
                        self.platform_names |= names
                        grew = True
                elif isinstance(node, ast.FunctionDef) and node.name not in self.platform_functions:
                    returns = [r.value for r in ast.walk(node) if isinstance(r, ast.Return)]
                    if returns and all(v and self.mentions_platform(v) for v in returns):
                        self.platform_functions.add(node.name)
                        grew = True

    def mentions_platform(self, expr: ast.AST) -> bool:
        for node in ast.walk(expr):
            name = dotted(node)
            if name in {"sys.platform", "os.name", "platform.system"}:
                return True
            if isinstance(node, ast.Name) and node.id in self.platform_names:
                return True
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called = node.func.id
                if called == "hasattr" or (called == "getattr" and len(node.args) == 3):
                    return True
                if called in self.platform_functions:
                    return True
        return False

    def module_of(self, node: ast.AST) -> str | None:
        return self.modules.get(node.id) if isinstance(node, ast.Name) else None


# -- finding POSIX-only uses -------------------------------------------------------


@dataclass(frozen=True)
class Use:
    path: str
    node: ast.AST
    name: str
    kind: str  # a key of ALSO_CAUGHT_BY

    @property
    def line(self) -> int:
        return int(getattr(self.node, "lineno", 0))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.name}"


def _is_proc_path(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        node = node.values[0] if node.values else node
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value == "/proc" or node.value.startswith("/proc/"))
    )


def posix_only_uses(module: Module) -> Iterator[Use]:
    path = module.path
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute):
            owner = module.module_of(node.value)
            if owner == "signal" and node.attr not in WINDOWS_SIGNAL:
                yield Use(path, node, f"signal.{node.attr}", "attribute")
            elif owner in POSIX_ONLY_ATTRIBUTES and node.attr in POSIX_ONLY_ATTRIBUTES[owner]:
                yield Use(path, node, f"{owner}.{node.attr}", "attribute")
            elif node.attr in POSIX_ONLY_METHODS:
                yield Use(path, node, f".{node.attr}", "method")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in POSIX_ONLY_MODULES:
                    yield Use(path, node, f"import {alias.name}", "import")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            if top in POSIX_ONLY_MODULES:
                yield Use(path, node, f"from {node.module} import", "import")
            for alias in node.names:
                if (top == "signal" and alias.name not in WINDOWS_SIGNAL) or (
                    alias.name in POSIX_ONLY_ATTRIBUTES.get(top, ())
                ):
                    yield Use(path, node, f"{top}.{alias.name}", "attribute")
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in POSIX_ONLY_KEYWORDS:
                    yield Use(path, keyword.value, f"{keyword.arg}=", "keyword")
            called = dotted(node.func).rsplit(".", 1)[-1]
            if called in {"set_start_method", "get_context"}:
                chosen = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "method")]
                for value in chosen:
                    if isinstance(value, ast.Constant) and value.value in POSIX_ONLY_START_METHODS:
                        yield Use(path, node, f'{called}("{value.value}")', "start method")
            if dotted(node.func) == "os.waitpid" and len(node.args) > 1:
                options = node.args[1]
                if not (isinstance(options, ast.Constant) and options.value == 0):
                    yield Use(path, node, "os.waitpid(options)", "keyword")
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if isinstance(key, ast.Constant) and key.value in POSIX_ONLY_KEYWORDS:
                    yield Use(path, key, f"{key.value}=", "keyword")
        elif (
            _is_proc_path(node)
            and node not in module.docstrings
            # The literal part of an f-string: the f-string is reported instead.
            and not isinstance(module.parents.get(node), ast.JoinedStr)
        ):
            yield Use(path, node, "/proc", "proc")


# -- is it guarded ---------------------------------------------------------------


def _catches(caught: list[ast.expr | None], kind: str | None) -> bool:
    """Whether one of `caught` (each an except clause's type, None when bare)
    catches what a use of this kind raises where the API is missing."""
    if kind is None or not ALSO_CAUGHT_BY[kind]:
        return False
    accepted = (*ALSO_CAUGHT_BY[kind], *CATCH_ALL)
    for expr in caught:
        if expr is None:
            return True
        types = expr.elts if isinstance(expr, ast.Tuple) else [expr]
        if any(dotted(t).rsplit(".", 1)[-1] in accepted for t in types):
            return True
    return False


def _exits(body: list[ast.stmt]) -> bool:
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ast.Return | ast.Raise | ast.Continue | ast.Break):
        return True
    return (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and dotted(last.value.func) in EXITS
    )


def _early_exit_before(module: Module, child: ast.AST, parent: ast.AST) -> bool:
    """An `if <platform test>: return` among the statements before `child`."""
    for name in ("body", "orelse", "finalbody", "handlers"):
        block = getattr(parent, name, None)
        if isinstance(block, list) and child in block:
            return any(
                isinstance(earlier, ast.If)
                and module.mentions_platform(earlier.test)
                and (_exits(earlier.body) or _exits(earlier.orelse))
                for earlier in block[: block.index(child)]
            )
    return False


def _skipped_module(module: Module) -> bool:
    """`pytestmark = pytest.mark.skipif(<platform test>, ...)`."""
    return any(
        isinstance(node, ast.Assign)
        and any(dotted(t) == "pytestmark" for t in node.targets)
        and module.mentions_platform(node.value)
        for node in module.tree.body
    )


def is_guarded(
    module: Module, node: ast.AST, kind: str | None, guarded_functions: set[str]
) -> bool:
    """`kind` None: only guards by a test of the platform count (no `try`)."""
    if _skipped_module(module):
        return True
    child = node
    while child in module.parents:
        parent = module.parents[child]
        if isinstance(parent, ast.If | ast.IfExp | ast.While):
            if child is not parent.test and module.mentions_platform(parent.test):
                return True
        elif isinstance(parent, ast.BoolOp):
            earlier = parent.values[: [v is child for v in parent.values].index(True)]
            if any(module.mentions_platform(value) for value in earlier):
                return True
        elif isinstance(parent, ast.Try | ast.TryStar):
            if child in parent.body and _catches([h.type for h in parent.handlers], kind):
                return True
        elif isinstance(parent, ast.With | ast.AsyncWith):
            suppressed: list[ast.expr | None] = [
                arg
                for item in parent.items
                if isinstance(item.context_expr, ast.Call)
                and dotted(item.context_expr.func).endswith("suppress")
                for arg in item.context_expr.args
            ]
            if child in parent.body and _catches(suppressed, kind):
                return True
        elif (
            isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and child not in parent.decorator_list
            and (
                any(module.mentions_platform(d) for d in parent.decorator_list)
                or (not isinstance(parent, ast.ClassDef) and parent.name in guarded_functions)
            )
        ):
            return True
        if _early_exit_before(module, child, parent):
            return True
        child = parent
    return False


def guarded_functions(modules: list[Module]) -> set[str]:
    """Functions whose every reference, in any shipped module, is guarded by a
    test of the platform. By name only: two functions with one name share
    their references, which can only make fewer of them guarded."""
    defined = {
        node.name
        for module in modules
        for node in ast.walk(module.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    references: dict[str, list[tuple[Module, ast.AST]]] = {name: [] for name in defined}
    for module in modules:
        for node in ast.walk(module.tree):
            name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
            if name in references and not _inside_function(module, node, name):
                references[name].append((module, node))
    guarded: set[str] = set()
    grew = True
    while grew:
        grew = False
        for name, places in references.items():
            if (
                name not in guarded
                and places
                and all(is_guarded(module, node, None, guarded) for module, node in places)
            ):
                guarded.add(name)
                grew = True
    return guarded


def _inside_function(module: Module, node: ast.AST, name: str) -> bool:
    """A reference from the function's own body (recursion) does not count."""
    while node in module.parents:
        node = module.parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return True
    return False


def unguarded_posix_uses(sources: dict[str, str]) -> list[Use]:
    modules = [Module.parse(path, source) for path, source in sources.items()]
    guarded = guarded_functions(modules)
    found = [
        use
        for module in modules
        for use in posix_only_uses(module)
        if not is_guarded(module, use.node, use.kind, guarded)
    ]
    return sorted(found, key=lambda u: (u.path, u.line, getattr(u.node, "col_offset", 0)))


# -- encodings -------------------------------------------------------------------

# `X.open(...)` of these is not a text file opened with a default encoding.
NOT_TEXT_OPENERS = frozenset(
    {"os", "webbrowser", "tarfile", "zipfile", "gzip", "bz2", "lzma", "shelve", "dbm", "codecs"}
)
TEMPFILES = frozenset({"NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"})


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _has_encoding(call: ast.Call, position: int) -> bool:
    value = _argument(call, position, "encoding")
    if any(k.arg is None for k in call.keywords):  # **options: cannot tell, trust it
        return True
    return value is not None and not (isinstance(value, ast.Constant) and value.value is None)


def _binary(call: ast.Call, position: int, default: str) -> bool:
    mode = _argument(call, position, "mode")
    if mode is None:
        return "b" in default
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and "b" in mode.value


def unspecified_encodings(sources: dict[str, str]) -> list[str]:
    found = []
    for path, source in sources.items():
        for node in ast.walk(ast.parse(source, filename=path)):
            if not isinstance(node, ast.Call):
                continue
            name = dotted(node.func)
            last = name.rsplit(".", 1)[-1]
            owner = name.rsplit(".", 1)[0] if "." in name else ""
            if name in {"open", "io.open"}:  # open(file, mode, buffering, encoding)
                bad = not _binary(node, 1, "r") and not _has_encoding(node, 3)
            elif last == "open" and isinstance(node.func, ast.Attribute):
                if owner.split(".")[0] in NOT_TEXT_OPENERS:
                    continue
                # Path.open(mode, buffering, encoding)
                bad = not _binary(node, 0, "r") and not _has_encoding(node, 2)
            elif last == "read_text":  # read_text(encoding, errors)
                bad = not _has_encoding(node, 0)
            elif last == "write_text":  # write_text(data, encoding, errors)
                bad = not _has_encoding(node, 1)
            elif last in TEMPFILES:  # (mode="w+b", buffering, encoding)
                bad = not _binary(node, 0, "w+b") and not _has_encoding(node, 2)
            elif last == "TextIOWrapper":  # (buffer, encoding)
                bad = not _has_encoding(node, 1)
            else:
                continue
            if bad:
                found.append(f"{path}:{node.lineno}: {name.lstrip('.')}() sans encoding=")
    return found


# -- the tests ---------------------------------------------------------------------

SOURCES = shipped_sources()


def test_the_shipped_modules_are_the_expected_ones():
    # Guards the checks below against checking nothing.
    assert "conftest.py" in SOURCES
    assert "noxfile.py" in SOURCES
    assert "tools/grading/grader.py" in SOURCES
    assert "tools/grading/processes.py" in SOURCES
    assert "tools/teacher/template.py" not in SOURCES  # teacher only
    assert any(path.startswith("tests/public/test_") for path in SOURCES)
    assert not any(path.startswith("exercises/") for path in SOURCES)


@functools.cache
def shipped_uses() -> list[Use]:
    return unguarded_posix_uses(SOURCES)


def test_no_posix_only_call_without_a_fallback():
    uses = shipped_uses()
    unreviewed = [str(u) for u in uses if (u.path, u.name) not in ALLOWED]
    assert not unreviewed, (
        "appels réservés à POSIX sans garde (test de sys.platform/os.name/hasattr, "
        "try qui rattrape l'erreur levée ailleurs, ou fonction appelée seulement sous garde) ; "
        "ils casseraient sous Windows ou macOS :\n" + "\n".join(unreviewed)
    )


def test_every_allowed_use_still_exists():
    found = {(u.path, u.name) for u in shipped_uses()}
    stale = [f"{path}: {name}" for path, name in ALLOWED if (path, name) not in found]
    assert not stale, "ALLOWED : entrées qui ne correspondent plus à rien :\n" + "\n".join(stale)


def test_every_shipped_text_file_is_opened_with_an_encoding():
    found = unspecified_encodings(SOURCES)
    assert not found, (
        "fichiers texte ouverts sans encoding= : sous Windows ils seraient lus ou écrits "
        "en cp1252 au lieu d'UTF-8 :\n" + "\n".join(found)
    )


# -- the checker checks -------------------------------------------------------------


def check(source: str) -> list[str]:
    return [str(use) for use in unguarded_posix_uses({"demo.py": source})]


def test_the_checker_catches_an_unguarded_killpg():
    assert check("import os\nos.killpg(1, 9)\n") == ["demo.py:2: os.killpg"]


@pytest.mark.parametrize(
    "source",
    [
        'import os, sys\nif sys.platform != "win32":\n    os.killpg(1, 9)\n',
        "import os\ntry:\n    os.killpg(1, 9)\nexcept AttributeError:\n    pass\n",
    ],
    ids=["if-sys-platform", "try-attribute-error"],
)
def test_the_checker_accepts_a_guarded_killpg(source: str):
    assert check(source) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A try that catches something else is no fallback.
        ("import os\ntry:\n    os.killpg(1, 9)\nexcept ValueError:\n    pass\n", ["os.killpg"]),
        # Only in the try's body: not in its handler.
        (
            "import os\ntry:\n    pass\nexcept AttributeError:\n    os.killpg(1, 9)\n",
            ["os.killpg"],
        ),
        ('import os\nif os.name == "posix":\n    os.killpg(1, 9)\n', []),
        ('import os\nos.killpg(1, 9) if hasattr(os, "killpg") else None\n', []),
        ('import os\nhasattr(os, "killpg") and os.killpg(1, 9)\n', []),
        ('import os, sys\nPOSIX = sys.platform != "win32"\nif POSIX:\n    os.killpg(1, 9)\n', []),
        (
            'import os, sys\ndef f():\n    if sys.platform == "win32":\n        return\n'
            "    os.killpg(1, 9)\n",
            [],
        ),
        # Called only under a guard (here through a second function), or not.
        (
            "import os, sys\ndef a():\n    os.killpg(1, 9)\ndef b():\n    a()\n"
            'if sys.platform != "win32":\n    b()\n',
            [],
        ),
        ("import os\ndef a():\n    os.killpg(1, 9)\na()\n", ["os.killpg"]),
        ("import signal\nsignal.alarm(1)\nsignal.signal(signal.SIGTERM, id)\n", ["signal.alarm"]),
        ("import signal as s\ns.setitimer(s.ITIMER_REAL, 1)\n",
         ["signal.setitimer", "signal.ITIMER_REAL"]),
        ("from signal import SIGALRM, SIGINT\n", ["signal.SIGALRM"]),
        ("import fcntl\n", ["import fcntl"]),
        ("try:\n    import resource\nexcept ImportError:\n    resource = None\n", []),
        ("import subprocess\nsubprocess.Popen(['x'], start_new_session=True)\n",
         ["start_new_session="]),
        # Windows ignores start_new_session quietly: no exception to catch.
        (
            "import subprocess\ntry:\n    subprocess.run(['x'], start_new_session=True)\n"
            "except Exception:\n    pass\n",
            ["start_new_session="],
        ),
        ("import multiprocessing as mp\nmp.set_start_method('fork')\n",
         ['set_start_method("fork")']),
        ("import multiprocessing as mp\nmp.get_context('spawn')\n", []),
        ("from pathlib import Path\nPath(f'/proc/{1}/stat').read_text()\n", ["/proc"]),
        ('"""Reads /proc/self when it can."""\n', []),
        ("import contextlib\nwith contextlib.suppress(OSError):\n    open('/proc/x')\n", []),
        ("import asyncio, signal\nasyncio.get_running_loop().add_signal_handler(2, id)\n",
         [".add_signal_handler"]),
        ("import ctypes\nctypes.CDLL(None).prctl(36, 1)\n", [".prctl"]),
        ("import os\nos.waitpid(1, 0)\nos.kill(1, 15)\n", []),
    ],
)  # fmt: skip
def test_the_checker_on_small_cases(source: str, expected: list[str]):
    assert [found.split(": ", 1)[1] for found in check(source)] == expected


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("open('f')\n", True),
        ("open('f', 'w')\n", True),
        ("open('f', 'rb')\n", False),
        ("open('f', 'a', encoding='utf-8')\n", False),
        ("open('f', encoding=None)\n", True),
        ("p.open('w')\n", True),
        ("p.open('wb')\n", False),
        ("p.open(encoding='utf-8')\n", False),
        ("os.open('f', 0)\n", False),
        ("p.read_text()\n", True),
        ("p.read_text('utf-8')\n", False),
        ("p.write_text('é')\n", True),
        ("p.write_text('é', encoding='utf-8')\n", False),
        ("p.read_bytes()\n", False),
        ("tempfile.NamedTemporaryFile()\n", False),
        ("tempfile.NamedTemporaryFile('w')\n", True),
        ("io.TextIOWrapper(b)\n", True),
    ],
)
def test_the_encoding_check_on_small_cases(source: str, flagged: bool):
    assert bool(unspecified_encodings({"demo.py": source})) is flagged

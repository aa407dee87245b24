"""The last resort against one call that holds the GIL (tools/common/stuck_call.py):
faulthandler ends the process and the student's line is explained in French."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tools.common import stuck_call
from tools.common.manifest import load_manifest
from tools.common.paths import ROOT

# The watchdog armed with a short guard in a fresh process, then the student's
# coroutine of eleve/copie.py run under it.
DRIVER = """
import asyncio, importlib.util, os, sys, time
sys.path.insert(0, {root!r})
from tools.grading.loop_watchdog import Watchdog, install

tree = {tree!r}
spec = importlib.util.spec_from_file_location("copie", os.path.join(tree, "copie.py"))
code = importlib.util.module_from_spec(spec)
spec.loader.exec_module(code)
watchdog = Watchdog(limit=60, wait_limit=60, guard=open({dump!r}, "w"), guard_delay=1.5)
undo = install(watchdog)
watchdog.arm("ex99", __import__("pathlib").Path(tree), "[99 · essai]", "« Première coroutine »")
print(asyncio.run(code.{function}()), flush=True)
watchdog.disarm()
undo()
"""


def run_student(tmp_path: Path, source: str, function: str) -> tuple[int, str, str]:
    tree = tmp_path / "eleve"
    tree.mkdir()
    (tree / "copie.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dump = tmp_path / "blocage.txt"
    script = tmp_path / "pilote.py"
    script.write_text(
        DRIVER.format(root=str(ROOT), tree=str(tree), dump=str(dump), function=function),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode, done.stdout, dump.read_text(encoding="utf-8")


def test_one_call_that_holds_the_gil_is_ended_and_named(tmp_path: Path) -> None:
    returncode, out, dump = run_student(
        tmp_path,
        """
        async def calcule():
            return sum(range(10**12))
        """,
        "calcule",
    )
    assert returncode == stuck_call.EXIT_STATUS, out
    found = stuck_call.find(dump, tmp_path / "eleve")
    assert found is not None, dump
    assert (found.file, found.line, found.function) == ("eleve/copie.py", 3, "calcule")
    assert found.code == "return sum(range(10**12))"
    message = stuck_call.explain(dump, tmp_path / "eleve")
    assert message is not None
    assert "resté bloqué dans un seul appel" in message
    assert "eleve/copie.py, ligne 3, dans calcule : return sum(range(10**12))" in message
    assert "« Première coroutine »" in message


def test_code_that_lets_the_watchdog_run_is_never_ended_by_the_guard(tmp_path: Path) -> None:
    """Twice the guard's delay without giving control back, but the GIL free:
    the watchdog's thread keeps pushing the guard back (its own limits are
    set high here, so that nothing else stops the code)."""
    returncode, out, dump = run_student(
        tmp_path,
        """
        import time

        async def dort():
            time.sleep(3)
            return "fini"
        """,
        "dort",
    )
    assert (returncode, out.strip(), dump) == (0, "fini", "")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX: fork")
def test_a_forked_child_does_not_hang_on_the_guard_at_exit(tmp_path: Path) -> None:
    """A child forked while the guard is armed inherits no faulthandler
    thread: cancelling the guard at its exit would wait for it forever."""
    returncode, out, dump = run_student(
        tmp_path,
        """
        import asyncio, os, sys, time

        async def enfant():
            # Forked from a plain callback, not from the task's own step: from
            # Python 3.14 on, a child forked inside a task cannot leave it
            # (asyncio forgets the running loop and task in the child) and
            # its SystemExit never ends the child, guard or not.
            boucle = asyncio.get_running_loop()
            fourche = boucle.create_future()

            def fourcher():
                pid = os.fork()
                if pid == 0:
                    sys.exit(0)  # a normal exit: Python's finalization runs
                fourche.set_result(pid)

            boucle.call_soon(fourcher)
            pid = await fourche
            debut = time.monotonic()
            while time.monotonic() - debut < 5:
                fini, _ = os.waitpid(pid, os.WNOHANG)
                if fini:
                    return "enfant fini"
                time.sleep(0.05)
            os.kill(pid, 9)
            return "enfant bloqué"
        """,
        "enfant",
    )
    assert (returncode, out.strip(), dump) == (0, "enfant fini", "")


DUMP = """Timeout (0:00:06)!
Thread 0x00007f0000000001 (most recent call first):
  File "{root}/tools/grading/loop_watchdog.py", line 319 in _run

Thread 0x00007f0000000002 (most recent call first):
  File "{tree}/ex04_await_oublie.py", line 16 in enregistrer_scores
  File "{root}/tests/hidden/test_ex04_await_oublie.py", line 166 in watched
"""


def test_the_students_frame_is_found_in_the_dump(tmp_path: Path) -> None:
    tree = tmp_path / "exercises"
    tree.mkdir()
    (tree / "ex04_await_oublie.py").write_text("\n" * 15 + "    total = sum(range(10**11))\n")
    dump = DUMP.format(root=ROOT.as_posix(), tree=tree.as_posix())
    for where in (tree, None):
        found = stuck_call.find(dump, where)
        assert found is not None
        assert found.exercise == next(e for e in load_manifest() if e.number == "04")
        assert (found.file, found.line, found.code) == (
            "exercises/ex04_await_oublie.py",
            16,
            "total = sum(range(10**11))",
        )
    message = stuck_call.explain(dump, tree)
    assert message is not None
    assert message.startswith("[04 · ")


def test_a_dump_without_the_students_frame_still_says_what_happened(tmp_path: Path) -> None:
    dump = DUMP.format(root=ROOT.as_posix(), tree=(tmp_path / "ailleurs").as_posix())
    assert stuck_call.find(dump, tmp_path / "exercises") is None
    message = stuck_call.explain(dump, tmp_path / "exercises")
    assert message is not None
    assert "bloqué pendant plus de 6 s" in message
    assert stuck_call.explain("", tmp_path) is None


def test_the_dump_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "blocage.txt"
    path.write_text(DUMP.format(root=ROOT.as_posix(), tree=tmp_path.as_posix()))
    assert stuck_call.read_and_explain(path, None) is not None
    assert stuck_call.read_and_explain(path, None) is None
    assert stuck_call.read_and_explain(tmp_path / "absent.txt", None) is None

"""Code stuck in one call that holds the GIL, explained in French from the
dump `faulthandler` left when it ended the process.

`sum(range(10**11))` in a coroutine is one C call that never lets another
Python thread run: neither the loop's watchdog (tools/grading/loop_watchdog.py)
nor pytest-timeout can act, and Ctrl+C waits for the call to end. The
watchdog keeps a `faulthandler.dump_traceback_later` pushed back while it can
run; faulthandler's own thread needs no GIL, so when nothing pushed it back
for `GUARD` s it writes every thread's stack to a file and ends the process.
Whoever started pytest (the grader, `nox`, `nox -s watch`, or the next
pytest run) reads that file here and names the student's line.

No pytest here: the noxfile runs this on nox's own Python.
"""

from __future__ import annotations

import contextlib
import hashlib
import linecache
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tools.common import french
from tools.common.paths import COURSE, ROOT, shown_path

# The file faulthandler writes to: set by whoever starts pytest and reads it.
DUMP_VARIABLE = "ASYNCIO_EXERCICES_BLOCAGE"
# Seconds without the watchdog's thread running before the process is ended.
# The watchdog samples every 0,05 s and, when it can run, itself ends code it
# cannot interrupt after LIMIT + GIVE_UP = 6 s; not even its thread running
# for that long means one call holds the GIL, which nothing else can stop.
GUARD = 6.0
# Not on Python 3.12, where the loop watchdog does not run at all
# (WATCHDOG_SAFE): there only the grading's time budget ends such a call.
GUARD_SAFE = sys.version_info[:2] != (3, 12)
# Not on Python 3.12 either: the watchdog's thread reads the main thread's
# frames 20 times a second, and CPython 3.12.1 then crashed (SIGSEGV, in the
# main thread's garbage collections) in 4 of 100 runs of ex07's tests on its
# solution under load (two busy cores), twice in a row once in `nox -s
# check`, against 0 of 100 with the same watchdog reading no frame; holding
# no frame between two readings did not help (5 of 100). On 3.12 a blocked
# loop still fails its exercise's tests, which measure it; what is lost is the
# diagnosis at the student's line and the interruption of a loop that never
# ends, which pytest-timeout's hang guard then stops.
WATCHDOG_SAFE = GUARD_SAFE
# faulthandler's own exit status (it calls _exit(1)).
EXIT_STATUS = 1
if TYPE_CHECKING:
    from tools.common.manifest import Exercise

_FRAME = re.compile(r'^\s*File "(?P<file>.*)", line (?P<line>\d+) in (?P<function>\S+)')


@dataclass(frozen=True)
class StuckCall:
    """The student's innermost frame in the dump."""

    exercise: Exercise | None
    file: str  # as shown to the student
    line: int
    code: str
    function: str

    def message(self) -> str:
        label = (
            f"[{self.exercise.number} · {self.exercise.title}] "
            if self.exercise is not None
            else ""
        )
        where = f"{self.file}, ligne {self.line}, dans {self.function}"
        code = f" : {self.code}" if self.code else ""
        sections = with_first_coroutine(
            self.exercise.sections_text() if self.exercise is not None else ""
        )
        return (
            f"{label}Le code est resté bloqué dans un seul appel pendant plus de "
            f"{french.number(GUARD)} s : rien ne pouvait l'interrompre, pytest a été arrêté.\n"
            f"  Observé  : bloqué ici : {where}{code}\n"
            "  Attendu  : un code qui rend la main à la boucle (un `await` sur une attente) "
            "en une fraction de seconde\n"
            "  Conseil  : un seul appel très long (un calcul énorme comme sum(range(10**11))) "
            "garde Python tout entier : ni les autres tâches, ni les délais, ni les garde-fous "
            "des tests, ni Ctrl+C ne passent avant sa fin. Réduis le calcul, ou confie-le à un "
            "autre processus.\n"
            f"  À relire : {sections} dans {shown_path(COURSE)}"
        )


def with_first_coroutine(sections: str) -> str:
    """The exercise's sections, and the one that says what giving control back is."""
    first = "« Première coroutine »"
    if not sections:
        return first
    if first in sections:
        return sections
    head, _, last = sections.rpartition(" et ")
    return f"{head}, {last} et {first}" if head else f"{sections} et {first}"


def find(dump: str, tree: Path | None) -> StuckCall | None:
    """The innermost frame of a file of `tree` in faulthandler's dump (the
    first one listed: "most recent call first"), None without one. Without
    `tree` (a run whose tree is not known afterwards), of any exercise's file
    outside the tests."""
    folder = os.path.normcase(str(tree.resolve())) if tree is not None else None
    try:  # tomllib: Python 3.11+; nox's own Python may be older
        from tools.common.manifest import load_manifest
    except ImportError:
        by_file: dict[str, Exercise] = {}
    else:
        by_file = {ex.file_name: ex for ex in load_manifest()}
    for text in dump.splitlines():
        frame = _FRAME.match(text)
        if frame is None:
            continue
        path = Path(frame["file"])
        if folder is None:
            if path.name not in by_file or path.parent.parent.name == "tests":
                continue
        elif os.path.normcase(str(path.parent.resolve())) != folder:
            continue
        line = int(frame["line"])
        return StuckCall(
            exercise=by_file.get(path.name),
            file=f"{path.parent.name}/{path.name}",
            line=line,
            code=linecache.getline(str(path), line).strip(),
            function=frame["function"],
        )
    return None


def explain(dump: str, tree: Path | None, exercise: Exercise | None = None) -> str | None:
    """The French message for a dump (None when the file was empty: the guard
    never fired). Without the student's frame in it, the message says so."""
    if not dump.strip():
        return None
    found = find(dump, tree)
    if found is not None:
        return found.message()
    label = f"[{exercise.number} · {exercise.title}] " if exercise is not None else ""
    return (
        f"{label}Le processus de test est resté bloqué pendant plus de "
        f"{french.number(GUARD)} s sans que rien ne puisse l'interrompre, et a été arrêté.\n"
        "  Cause fréquente : un seul appel très long (un calcul énorme) dans ton code.\n"
        f"  À relire : {with_first_coroutine('')} dans {shown_path(COURSE)}"
    )


def read_and_explain(path: Path, tree: Path | None, exercise: Exercise | None = None) -> str | None:
    """Explain the dump at `path`, then empty the file (read once)."""
    try:
        dump = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if dump.strip():
        with contextlib.suppress(OSError):
            path.write_text("", encoding="utf-8")
    return explain(dump, tree, exercise)


def default_dump_path(root: Path = ROOT) -> Path:
    """Where a pytest run started by hand (no DUMP_VARIABLE) writes its dump:
    one file per repository, explained at the start of the next run."""
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"asyncio-exercices-blocage-{key}.txt"


def after_run(root: Path = ROOT) -> str | None:
    """What to print once a pytest run started by hand (or by nox) has
    ended: why the guard stopped it, if it did."""
    explained = read_and_explain(default_dump_path(root), None)
    if explained is None:
        return None
    return f"{explained}\n  pytest s'est arrêté là : les tests suivants n'ont pas tourné."

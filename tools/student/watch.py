"""Watch mode: `nox -s watch` re-runs the exercise being edited at each save.

    python -m tools.student.watch [EXERCICE] [--polling] [--interval S]

It starts with EXERCICE, or with the next exercise not yet passed, and runs
its tests at once, then again each time a file of `exercises/` is saved: the
saved file's exercise becomes the one being worked on. When it passes, the
next exercise not yet passed starts. Ctrl+C stops.

A save is noticed two ways at once: the system's file events, through the
watchdog library (inotify, FSEvents, ReadDirectoryChangesW), and a look at the
files' contents every --interval seconds, for the file systems where events
never arrive (network drives, some container and WSL mounts) or when watchdog
is missing. `--polling` keeps only the second. Only a change of contents
counts: saving a file unchanged does not re-run anything.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.common import commands, french, stuck_call
from tools.common.manifest import Exercise, load_manifest, select
from tools.common.paths import ROOT, TREES
from tools.student.progress import PASSED, next_exercise, states

# Editors often save in two writes (truncate, then write, or write a temporary
# file then rename): wait this long after an event before reading the files.
SETTLE = 0.2


class Watcher:
    """Waits until the contents of a `*.py` file of `folder` change."""

    def __init__(self, folder: Path, interval: float, *, polling: bool) -> None:
        self.folder = folder
        self.interval = interval
        self.woken = threading.Event()
        self.snapshot = self.contents()
        self.observer: Any = None
        self.how = f"vérification toutes les {french.number(interval)} s"
        if not polling:
            self.how = self._start_events() or self.how

    def _start_events(self) -> str | None:
        try:
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            return None
        woken = self.woken

        class Wake(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                woken.set()

        try:
            observer = Observer()
            observer.schedule(Wake(), str(self.folder), recursive=False)
            observer.start()
        except Exception:  # no events here (inotify limits…): polling only
            return None
        self.observer = observer
        return f"événements du système, et vérification toutes les {french.number(self.interval)} s"

    def contents(self) -> dict[str, str]:
        found = {}
        for path in sorted(self.folder.glob("*.py")):
            try:
                found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue  # being replaced right now: the next look will see it
        return found

    def wait(self) -> list[str]:
        """The names of the files whose contents changed since the last call."""
        while True:
            if self.woken.wait(self.interval):
                time.sleep(SETTLE)
                self.woken.clear()
            now = self.contents()
            changed = sorted(
                name
                for name in now.keys() | self.snapshot.keys()
                if now.get(name) != self.snapshot.get(name)
            )
            if changed:
                self.snapshot = now
                return changed

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)


def run_tests(exercise: Exercise, *, clear: bool) -> None:
    if clear and sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
        # A clean screen for each run, as rustlings does: the messages that
        # matter are those of this run (scrolling back still shows the others).
        print("\033[2J\033[H", end="")
    print(f"\n=== {exercise.number} · {exercise.title} ===")
    subprocess.run(
        [sys.executable, "-m", "pytest", "--tree=exercises", "--eleve", "-p", "no:cacheprovider",
         "--progression=courte", exercise.number],
        cwd=ROOT, check=False,
    )  # fmt: skip
    explained = stuck_call.after_run(ROOT)  # the run was ended from outside Python
    if explained:
        print(f"\n{explained}")


def edited_exercise(exercises: Sequence[Exercise], changed: Sequence[str]) -> Exercise | None:
    return next((ex for ex in exercises if ex.file_name in changed), None)


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        # Line by line even through a pipe (nox, an editor's terminal), and
        # never an error for an accent a console cannot show.
        sys.stdout.reconfigure(errors="replace", line_buffering=True)
    parser = argparse.ArgumentParser(
        prog="nox -s watch --",
        description="Relance les tests de l'exercice en cours à chaque sauvegarde.",
    )
    parser.add_argument("exercice", nargs="?", help="numéro ou nom (défaut : le prochain à faire)")
    parser.add_argument("--polling", action="store_true", help="sans les événements du système")
    parser.add_argument(
        "--interval", type=float, default=1.0, help="secondes entre deux vérifications (1)"
    )
    args = parser.parse_args(argv)
    # Ctrl+C stops the watch even when started from a shell that ignores it
    # for background commands (the interrupt would otherwise be inherited off).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    exercises = load_manifest()
    tree = TREES["exercises"]
    current: Exercise | None
    try:
        current = select(exercises, [args.exercice])[0] if args.exercice else None
    except ValueError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    current = current or next_exercise(exercises, states(exercises, tree))
    watcher = Watcher(tree, args.interval, polling=args.polling)
    print(f"Mode surveillance ({watcher.how}) : enregistre un fichier de exercises/ pour "
          "relancer ses tests. Ctrl+C pour arrêter.")  # fmt: skip
    clear = False  # the first run keeps the line above; a run after a success keeps it too
    try:
        while True:
            if current is not None:
                run_tests(current, clear=clear)
                clear = True
                found = states(exercises, tree)
                if found.get(current.id) == PASSED:
                    following = next_exercise(exercises, found)
                    if following is None:
                        print("\nTous les exercices sont réussis, bravo ! Pousse ton travail "
                              "(git push) pour la note.")  # fmt: skip
                    else:
                        print(f"\n{current.number} réussi ! Au suivant : {following.number} · "
                              f"{following.title} (exercises/{following.file_name})")  # fmt: skip
                        current = following
                        clear = False
                        continue
                print(f"\nEn attente d'une sauvegarde… (indice : {commands.hint(current.number)})")
            edited = edited_exercise(exercises, watcher.wait())
            if edited is not None:
                current = edited
    except KeyboardInterrupt:
        print("\nMode surveillance arrêté.")
        return 0
    finally:
        watcher.stop()


if __name__ == "__main__":
    sys.exit(main())

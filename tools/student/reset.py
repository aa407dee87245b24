"""Start an exercise over: `nox -s reset -- 03`.

    python -m tools.student.reset EXERCICE

The student's version is kept first, in sauvegardes/ (which git ignores:
.gitignore), under the exercise's name and the time, for example
sauvegardes/ex03_create_task-2026-12-05-21h04m09s.py; then the exercise's file
gets its starting code back. The starting code is the copy the template
export ships in .codes-de-depart/ (tools/teacher/template.py); in the
teacher's repository, which has none, it is the file as last committed.
Nothing is reset without an exercise named: the command never touches more
than one file.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tools.common import commands, french
from tools.common.line_endings import lf
from tools.common.manifest import Exercise, load_manifest, select
from tools.common.paths import ROOT, STARTING_CODE, shown_path

BACKUPS = ROOT / "sauvegardes"


class ResetError(Exception):
    """What stops a reset, in French, for the student."""


def starting_code(exercise: Exercise, root: Path = ROOT) -> bytes:
    shipped = root / STARTING_CODE / exercise.file_name
    if shipped.is_file():
        return shipped.read_bytes()
    committed = subprocess.run(
        ["git", "show", f"HEAD:exercises/{exercise.file_name}"],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    if (root / "solutions").is_dir() and committed.returncode == 0:
        return committed.stdout
    raise ResetError(
        f"Le code de départ de {exercise.file_name} est introuvable : le dossier "
        f"{STARTING_CODE}/ manque. Récupère-le depuis le dépôt d'origine de ton cours."
    )


def reset(exercise: Exercise, *, now: datetime | None = None, root: Path = ROOT) -> str:
    """Put the exercise back to its starting code; say where the student's went."""
    target = root / "exercises" / exercise.file_name
    stub = starting_code(exercise, root)
    if target.is_file() and lf(target.read_bytes()) == lf(stub):
        return (
            f"{shown_path(target)} est déjà le code de départ de l'exercice "
            f"{exercise.number} : rien à faire."
        )
    lines = []
    if target.is_file():
        stamp = (now or datetime.now()).strftime("%Y-%m-%d-%Hh%Mm%Ss")
        backups = root / BACKUPS.name
        backups.mkdir(exist_ok=True)
        kept = backups / f"{target.stem}-{stamp}.py"
        kept.write_bytes(target.read_bytes())
        lines.append(f"Ta version est gardée dans {shown_path(kept)} (git l'ignore).")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(stub)
    lines.append(
        f"{shown_path(target)} est revenu au code de départ de l'exercice {exercise.number} "
        f"({exercise.title}). Relis l'énoncé en tête du fichier, puis : "
        f"{commands.run_one(exercise.number)}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    french.tolerant_console()
    parser = argparse.ArgumentParser(
        prog="nox -s reset --",
        description="Remet un exercice à son code de départ, après avoir gardé ta version.",
    )
    parser.add_argument("exercise", nargs="?", metavar="EXERCICE", help="numéro ou nom : 03")
    args = parser.parse_args(argv)
    if args.exercise is None:
        print(
            "Quel exercice remettre à zéro ? Donne son numéro, par exemple : nox -s reset -- 03\n"
            "(ta version actuelle sera gardée dans sauvegardes/).",
            file=sys.stderr,
        )
        return 2
    try:
        chosen = select(load_manifest(), [args.exercise])
        if len(chosen) != 1:
            raise ResetError(f"« {args.exercise} » désigne plusieurs exercices : donne son numéro.")
        print(reset(chosen[0]))
    except (ValueError, ResetError, OSError) as error:
        print(f"Rien n'a été changé : {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hints on demand: `nox -s hint -- 03`, then `nox -s hint -- 03 2` for the next.

    python -m tools.student.hint [EXERCICE] [NIVEAU | tous]

The hints are the manifest's, from the gentlest nudge to the API to use; none
gives the solution (the self-check holds them to that, tests/unit/test_hint.py).
Without EXERCICE, the hint is for the next exercise not yet passed
(tools/student/progress.py).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence

from tools.common import commands, french
from tools.common.manifest import Exercise, load_manifest, select
from tools.common.paths import TREES
from tools.student.progress import next_exercise, states

WIDTH = 78


def hint_text(exercise: Exercise, level: int | None) -> str:
    """Hint `level` (1 = the first), or all of them for None."""
    count = len(exercise.hints)
    levels = range(1, count + 1) if level is None else [min(max(level, 1), count)]
    lines = [f"{exercise.number} · {exercise.title}  (exercises/{exercise.file_name})", ""]
    for shown in levels:
        lines += textwrap.wrap(
            exercise.hints[shown - 1],
            WIDTH,
            initial_indent=f"  Indice {shown}/{count} : ",
            subsequent_indent=" " * 4,
        )
        lines.append("")
    last = levels[-1]
    if last < count:
        lines.append(
            f"Encore bloqué ? L'indice suivant, plus précis : {commands.hint(exercise.number)} "
            f"{last + 1}"
        )
    else:
        lines.append("C'est le dernier indice : la suite, c'est à toi d'écrire.")
    lines.append(
        f"À relire : {exercise.sections_text()} dans cours/asyncio-concepts-de-base.md ; "
        f"puis : {commands.run_one(exercise.number)}"
    )
    return "\n".join(lines)


def parse_level(word: str | None) -> int | None:
    if word is None:
        return 1
    if word.lower() in {"tous", "all"}:
        return None
    if not word.isdigit() or int(word) < 1:
        raise ValueError(f"niveau d'indice {word!r} : un nombre (1, 2…) ou « tous »")
    return int(word)


def main(argv: Sequence[str] | None = None) -> int:
    french.tolerant_console()
    parser = argparse.ArgumentParser(
        prog="nox -s hint --",
        description="Affiche un indice pour un exercice, du plus discret au plus précis.",
    )
    parser.add_argument("exercice", nargs="?", help="numéro ou nom (défaut : le prochain à faire)")
    parser.add_argument("niveau", nargs="?", help="1 (défaut), 2… ou « tous »")
    args = parser.parse_args(argv)
    exercises = load_manifest()
    try:
        level = parse_level(args.niveau)
        if args.exercice:
            chosen = select(exercises, [args.exercice])
            if len(chosen) > 1:
                names = ", ".join(f"{ex.number} ({ex.id})" for ex in chosen)
                raise ValueError(f"{args.exercice!r} désigne plusieurs exercices : {names}")
            exercise = chosen[0]
        else:
            following = next_exercise(exercises, states(exercises, TREES["exercises"]))
            if following is None:
                print("Tous les exercices sont réussis : plus besoin d'indice !")
                return 0
            exercise = following
            print(f"(prochain exercice à réussir : {exercise.number})")
    except ValueError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    print(hint_text(exercise, level))
    return 0


if __name__ == "__main__":
    sys.exit(main())

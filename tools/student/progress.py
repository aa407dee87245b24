"""Where the student stands: which exercises pass, and which one comes next.

After every local run of the tests on `exercises/` (`nox`, plain `pytest`,
VS Code's Testing panel, `nox -s watch`), a pytest plugin
(tools/student/progress_plugin.py) records each exercise whose tests all ran,
and prints the summary:

    Progression : 7/11 exercices réussis — 65/100 points — prochain : 08 · …

The record is `.progression.json` at the repository's root (ignored by git).
It keeps, per exercise, the verdict and the sha256 of the exercise's file at
that moment: an exercise edited since its last run shows as "modifié depuis",
whatever it was. An exercise is "réussi" only when every one of its tests ran
and passed: a run narrowed by `-k`, to some of its test files or to node ids,
or stopped by `-x`, records failures, never a success. Nothing here grades:
the grade comes from `nox -s grade` and from the teacher's hidden tests.

No pytest here: `nox -s hint` reads where the student stands with nox's own
Python, which has nothing but nox installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tools.common import commands
from tools.common.manifest import Exercise
from tools.common.paths import HIDDEN_TESTS, ROOT

STATE_VARIABLE = "ASYNCIO_EXERCICES_PROGRESSION"  # another file, for the unit tests


def state_file() -> Path:
    return Path(os.environ.get(STATE_VARIABLE) or ROOT / ".progression.json")


PASSED = "réussi"
TO_FIX = "à corriger"
CHANGED = "modifié depuis"
NOT_RUN = "pas encore lancé"


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_record(path: Path | None = None) -> dict[str, dict[str, str]]:
    """exercise id -> {"état": …, "sha256": …}; a missing or damaged file is
    an empty record (it is only a convenience, never worth an error)."""
    path = path or state_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: value
        for key, value in data.items()
        if isinstance(value, dict) and isinstance(value.get("état"), str)
    }


def save_verdicts(verdicts: dict[str, bool], tree: Path, path: Path | None = None) -> None:
    """Record passed (True) or to fix (False) for these exercise ids."""
    path = path or state_file()
    record = load_record(path)
    for exercise_id, passed in verdicts.items():
        record[exercise_id] = {
            "état": PASSED if passed else TO_FIX,
            "sha256": digest(tree / f"{exercise_id}.py") or "",
        }
    text = json.dumps(dict(sorted(record.items())), ensure_ascii=False, indent=1)
    # Written whole then renamed: two interpreters of `nox -s tests`, or the
    # watch mode and VS Code, may write it at the same moment.
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".progression-", delete=False
        ) as temporary:
            temporary.write(text + "\n")
        os.replace(temporary.name, path)
    except OSError:
        pass  # a read-only checkout: the summary still prints


def states(exercises: Sequence[Exercise], tree: Path, path: Path | None = None) -> dict[str, str]:
    """exercise id -> PASSED, TO_FIX, CHANGED or NOT_RUN."""
    record = load_record(path)
    found = {}
    for exercise in exercises:
        entry = record.get(exercise.id)
        if entry is None:
            found[exercise.id] = NOT_RUN
        elif entry.get("sha256") != digest(tree / exercise.file_name):
            found[exercise.id] = CHANGED
        else:
            found[exercise.id] = entry["état"] if entry["état"] in (PASSED, TO_FIX) else NOT_RUN
    return found


def next_exercise(exercises: Sequence[Exercise], found: dict[str, str]) -> Exercise | None:
    """The first exercise, in the course's order, not yet passed."""
    return next((ex for ex in exercises if found.get(ex.id) != PASSED), None)


def summary_lines(exercises: Sequence[Exercise], found: dict[str, str]) -> list[str]:
    passed = [ex for ex in exercises if found.get(ex.id) == PASSED]
    points = sum(ex.points for ex in passed)
    total = sum(ex.points for ex in exercises)
    following = next_exercise(exercises, found)
    head = (
        f"Progression : {len(passed)}/{len(exercises)} exercices réussis — "
        f"{points}/{total} points — "
    )
    head += (
        f"prochain : {following.number} · {following.title}"
        if following
        else "tous réussis, bravo !"
    )
    lines = [head]
    for exercise in exercises:
        state = found.get(exercise.id, NOT_RUN)
        lines.append(f"  {exercise.number}  {state:<17} {exercise.title} ({exercise.points} pts)")
    if following:
        lines.append(
            f"Pour avancer : {commands.run_one(following.number)}   ·   "
            f"un indice : {commands.hint(following.number)}"
        )
    if not HIDDEN_TESTS.is_dir():
        lines.append(
            "Réussi ici = les tests publics passent ; la note vient aussi des tests cachés "
            "de l'enseignant."
        )
    return lines

"""What the recorded stress runs add up to, on the tests as they are now.

    python -m tools.maintainer.stress_record [FILE_OR_FOLDER]...

`nox -s stress -- --rounds 200` over every exercise takes hours on two cores,
longer than one sitting: it is run in parts (`-k exNN --json F`), and each
part's JSON is kept in docs/mesures/stress/ (RECORDS, the default), where it
survives the machine it ran on. Each part records, per exercise, the digest
of every file its verdicts depend on (`stress.graded_digest`). A part counts
for an exercise only while that digest is still the one of the tree: change
an exercise's tests, its mutants or the shared grading code, and its rounds
must be run again.

This prints, per exercise, the part that counts (one with a wrong verdict
if any, else the most rounds among the current ones), its wrong verdicts
per kind of answer, with `--messages` the mutant rounds whose first
failure did not name the mistake, and its load, then the
worst margins of the runs counted (a run's margins are over all the
exercises it covered), and says which exercises have no current part. It exits 1
when an exercise has none, or when a counted part has a wrong verdict or a
message beside the point.
`nox -s bench -- --stress` reports the same total among its goals.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import ROOT
from tools.maintainer.stress import graded_digest

RECORDS = ROOT / "docs" / "mesures" / "stress"
KINDS = ("solutions", "justes", "départs", "mutants")


@dataclass
class Part:
    """One exercise's figures in one recorded run."""

    path: Path
    rounds: int
    python: str
    load: list[float] | None
    cores: int | None
    wrong: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (wrong, verdicts)
    margins: dict[str, dict[str, float]] = field(default_factory=dict)
    # With --messages: (mutant rounds whose first failure lacked a phrase of
    # its `Message attendu`, mutant rounds); None when the run did not check.
    untold: tuple[int, int] | None = None

    @property
    def wrong_total(self) -> int:
        return sum(wrong for wrong, _ in self.wrong.values())

    @property
    def verdicts(self) -> int:
        return sum(count for _, count in self.wrong.values())


@dataclass
class Standing:
    """What the records say of one exercise: the part that counts, if any."""

    exercise: Exercise
    current: Part | None
    outdated: int  # parts whose digest is no longer the tree's


def record_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return found


def parts_of(path: Path, exercise: Exercise) -> tuple[str | None, Part | None]:
    """The digest `path` recorded for `exercise` and its figures (None, None
    when the run did not cover it)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    digest = data.get("graded_digest", {}).get(exercise.id)
    if digest is None:
        return None, None
    wrong = {
        key.split(":", 1)[1]: (int(pair[0]), int(pair[1]))
        for key, pair in data.get("wrong", {}).items()
        if key.split(":", 1)[0] == exercise.id
    }
    untold = None
    if "untold" in data:
        pairs = [pair for key, pair in data["untold"].items() if key.split(":")[0] == exercise.id]
        untold = (sum(int(p[0]) for p in pairs), sum(int(p[1]) for p in pairs))
    part = Part(
        path, int(data["rounds"]), str(data.get("python", "?")), data.get("load_after"),
        data.get("cores"), wrong, data.get("worst_margins", {}), untold,
    )  # fmt: skip
    return digest, part


def standings(
    paths: Sequence[Path], exercises: Sequence[Exercise], root: Path = ROOT
) -> list[Standing]:
    files = record_files(paths)
    found = []
    for exercise in exercises:
        now = graded_digest(exercise, root)
        current: list[Part] = []
        outdated = 0
        for path in files:
            digest, part = parts_of(path, exercise)
            if part is None:
                continue
            if digest == now:
                current.append(part)
            else:
                outdated += 1
        # A current part that saw a wrong verdict always counts: running the
        # same code again until a pass is clean must not hide it.
        best = max(
            current,
            key=lambda p: (p.wrong_total > 0, p.rounds, p.untold is not None, p.verdicts),
            default=None,
        )
        found.append(Standing(exercise, best, outdated))
    return found


def total_untold(found: Sequence[Standing]) -> tuple[int, int, int]:
    """(mutant rounds whose first message missed the mistake, mutant rounds
    checked, exercises whose current part did not check messages)."""
    counted = [s.current for s in found if s.current is not None]
    checked = [p.untold for p in counted if p.untold is not None]
    unchecked = sum(1 for p in counted if p.untold is None)
    return sum(u for u, _ in checked), sum(r for _, r in checked), unchecked


def total_wrong(found: Sequence[Standing]) -> tuple[int, int, int]:
    """(wrong verdicts, verdicts, exercises without a current part)."""
    counted = [s.current for s in found if s.current is not None]
    missing = sum(1 for s in found if s.current is None)
    return sum(p.wrong_total for p in counted), sum(p.verdicts for p in counted), missing


def report(found: Sequence[Standing]) -> str:
    lines = [f" {'exercice':<30} {'manches':>7}" + "".join(f" {k:>11}" for k in KINDS)
             + f" {'messages':>11}  charge   fichier"]  # fmt: skip
    for standing in found:
        part = standing.current
        if part is None:
            note = (
                f" ({standing.outdated} enregistrement(s) périmé(s))" if standing.outdated else ""
            )
            lines.append(f" {standing.exercise.id:<30} {'—':>7}  aucun stress à jour{note}")
            continue
        cells = "".join(
            f" {f'{part.wrong[k][0]}/{part.wrong[k][1]}' if k in part.wrong else '—':>11}"
            for k in KINDS
        )
        told = f"{part.untold[0]}/{part.untold[1]}" if part.untold else "—"
        load = french.decimal(part.load[0], 1) if part.load else "?"
        lines.append(f" {standing.exercise.id:<30} {part.rounds:>7}{cells} {told:>11}  {load:>6}   "
                     f"{part.path.name} (Python {part.python})")  # fmt: skip
    wrong, verdicts, missing = total_wrong(found)
    lines.append(f"\n{wrong} verdict(s) faux sur {verdicts} ; "
                 f"{missing} exercice(s) sans stress à jour.")  # fmt: skip
    untold, checked, unchecked = total_untold(found)
    lines.append(f"Premier message à côté de l'erreur du mutant : {untold} manche(s) sur "
                 f"{checked} vérifiée(s) (--messages) ; {unchecked} exercice(s) dont la passe "
                 "ne vérifiait pas les messages.")  # fmt: skip
    worst: dict[tuple[str, str], float] = {}
    for standing in found:
        if standing.current is None:
            continue
        number = standing.exercise.id[2:4]
        for who, margins in standing.current.margins.items():
            for label, value in margins.items():
                # A label names its exercise ("07 …"): a part that covered
                # several exercises counts only for those it is current for.
                # The course's rules ("C1 …") belong to every exercise.
                if label[:2].isdigit() and label[:2] != number:
                    continue
                worst[who, label] = min(worst.get((who, label), value), value)
    if worst:
        lines.append("\n Pire marge vue (> 1 : du bon côté de la borne)")
        for (who, label), value in sorted(worst.items()):
            side = "réponses justes" if who == "solutions" else "mauvaises réponses"
            lines.append(f"   {side:<20} {label:<48} {french.decimal(value, 2):>6}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[RECORDS])
    args = parser.parse_args(argv)
    found = standings(args.paths, load_manifest())
    print(report(found))
    wrong, _, missing = total_wrong(found)
    untold, _, _ = total_untold(found)
    return 1 if wrong or missing or untold else 0


if __name__ == "__main__":
    sys.exit(main())

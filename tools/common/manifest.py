"""The exercise manifest (`manifest.toml`), read and validated.

Everything that needs to know which exercises exist, their points, their
hints or the promises their statements make (requirements) reads it through
`load_manifest()`.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.common.paths import MANIFEST

ID_PATTERN = re.compile(r"^ex(\d{2})_[a-z0-9_]+$")
# E1, E2… : the exercise's own promises; C1, C2… : the course's rules, shared
# by every exercise that lists them in `common`.
OWN_REQUIREMENT = re.compile(r"^E[1-9]\d*$")
COMMON_REQUIREMENT = re.compile(r"^C[1-9]\d*$")


class ManifestError(ValueError):
    """The manifest is malformed; the message says which entry and why."""


@dataclass(frozen=True)
class Requirement:
    """One promise of a statement: `E3` (the exercise's) or `C1` (the course's)."""

    id: str
    text: str

    @property
    def common(self) -> bool:
        return self.id.startswith("C")


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    points: int
    sections: tuple[str, ...]
    hints: tuple[str, ...]
    timeout: float | None = None
    # Its own promises (E…) then the course's rules it keeps (C…), in order.
    requirements: tuple[Requirement, ...] = ()

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    @property
    def common_rules(self) -> tuple[str, ...]:
        """The ids of the course's rules this exercise keeps (C…)."""
        return tuple(r.id for r in self.requirements if r.common)

    @property
    def number(self) -> str:
        """The two-digit number students use to name the exercise ("02")."""
        return self.id[2:4]

    @property
    def module_name(self) -> str:
        return self.id

    @property
    def file_name(self) -> str:
        return f"{self.id}.py"

    @property
    def test_file_name(self) -> str:
        return f"test_{self.id}.py"

    def sections_text(self) -> str:
        quoted = [f"« {s} »" for s in self.sections]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " et " + quoted[-1]


def _requirements(
    raw: dict[str, object], where: str, common: dict[str, str]
) -> tuple[Requirement, ...]:
    own = raw.get("requirements", {})
    if not isinstance(own, dict) or not all(
        isinstance(k, str) and OWN_REQUIREMENT.match(k) and isinstance(v, str) and v.strip()
        for k, v in own.items()
    ):
        raise ManifestError(f'{where} : requirements = table E1 = "phrase", E2 = …')
    if list(own) != [f"E{n}" for n in range(1, len(own) + 1)]:
        raise ManifestError(f"{where} : les exigences se numérotent E1, E2, … sans trou")
    kept = raw.get("common", [])
    if not isinstance(kept, list) or not all(isinstance(c, str) for c in kept):
        raise ManifestError(f"{where} : common = liste d'identifiants C…")
    unknown = [c for c in kept if c not in common]
    if unknown:
        raise ManifestError(f"{where} : règle(s) commune(s) inconnue(s) {unknown}")
    return tuple(Requirement(k, " ".join(v.split())) for k, v in own.items()) + tuple(
        Requirement(c, common[c]) for c in sorted(kept, key=lambda c: int(c[1:]))
    )


def _entry(raw: dict[str, object], index: int, common: dict[str, str]) -> Exercise:
    where = f"manifest.toml, exercice n°{index + 1}"
    known = {"id", "title", "points", "sections", "hints", "timeout", "requirements", "common"}
    unknown = set(raw) - known
    if unknown:
        raise ManifestError(f"{where} : champ(s) inconnu(s) {sorted(unknown)}")
    ex_id = raw.get("id")
    if not isinstance(ex_id, str) or not ID_PATTERN.match(ex_id):
        raise ManifestError(f"{where} : id {ex_id!r} ne suit pas le format exNN_nom")
    title = raw.get("title")
    points = raw.get("points")
    sections = raw.get("sections")
    hints = raw.get("hints")
    timeout = raw.get("timeout")
    if not isinstance(title, str) or not title.strip():
        raise ManifestError(f"{where} ({ex_id}) : title manquant")
    if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
        raise ManifestError(f"{where} ({ex_id}) : points doit être un entier > 0")
    if (
        not isinstance(sections, list)
        or not sections
        or not all(isinstance(s, str) and s for s in sections)
    ):
        raise ManifestError(f"{where} ({ex_id}) : sections doit être une liste non vide")
    if not isinstance(hints, list) or not hints or not all(isinstance(h, str) and h for h in hints):
        raise ManifestError(f"{where} ({ex_id}) : hints doit être une liste non vide")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
    ):
        raise ManifestError(f"{where} ({ex_id}) : timeout doit être un nombre > 0")
    return Exercise(
        id=ex_id,
        title=title,
        points=points,
        sections=tuple(sections),
        hints=tuple(hints),
        timeout=float(timeout) if timeout is not None else None,
        requirements=_requirements(raw, f"{where} ({ex_id})", common),
    )


def parse_manifest(text: str) -> list[Exercise]:
    data = tomllib.loads(text)
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise ManifestError("manifest.toml : aucune entrée [[exercise]]")
    common = data.get("common_requirements", {})
    if not isinstance(common, dict) or not all(
        isinstance(k, str) and COMMON_REQUIREMENT.match(k) and isinstance(v, str) and v.strip()
        for k, v in common.items()
    ):
        raise ManifestError('manifest.toml : [common_requirements] = table C1 = "phrase", …')
    common = {k: " ".join(v.split()) for k, v in common.items()}
    exercises = [_entry(raw, i, common) for i, raw in enumerate(entries)]
    seen: set[str] = set()
    for ex in exercises:
        if ex.id in seen or ex.number in {e[2:4] for e in seen}:
            raise ManifestError(f"manifest.toml : {ex.id} en double (id ou numéro)")
        seen.add(ex.id)
    numbers = [ex.number for ex in exercises]
    if numbers != sorted(numbers):
        raise ManifestError("manifest.toml : les exercices doivent être rangés par numéro")
    return exercises


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> tuple[Exercise, ...]:
    return tuple(parse_manifest(text))


def load_manifest(path: Path = MANIFEST) -> list[Exercise]:
    # Read at every call (a changed manifest is seen), parsed once per text:
    # pytest asks for it at every test, and parsing took 13 ms.
    return list(_parsed(path.read_text(encoding="utf-8")))


def exercise_by_id(exercise_id: str, path: Path = MANIFEST) -> Exercise:
    for ex in load_manifest(path):
        if ex.id == exercise_id:
            return ex
    raise ManifestError(f"manifest.toml : aucun exercice {exercise_id!r}")


def exercise_for_test_file(test_file: Path, path: Path = MANIFEST) -> Exercise:
    """The exercise a test file belongs to, from its name `test_<id>.py`."""
    stem = test_file.stem
    if not stem.startswith("test_"):
        raise ManifestError(f"{test_file.name} : un fichier de test se nomme test_<id>.py")
    return exercise_by_id(stem.removeprefix("test_"), path)


def select(exercises: list[Exercise], wanted: Sequence[str]) -> list[Exercise]:
    """Exercises named by number ("3", "03"), id or part of an id, in the
    manifest's order; ValueError (French) for a word that names none."""
    if not wanted:
        return exercises
    chosen = []
    for word in wanted:
        key = word.strip().lower()
        matches = [
            ex
            for ex in exercises
            if (key.isdigit() and int(key) == int(ex.number))
            or (not key.isdigit() and key in ex.id)
        ]
        if not matches:
            known = ", ".join(ex.number for ex in exercises)
            raise ValueError(f"aucun exercice ne correspond à {word!r} (numéros : {known})")
        chosen += [ex for ex in matches if ex not in chosen]
    return [ex for ex in exercises if ex in chosen]


README_START = "<!-- exercices:début (généré par python -m tools.common.manifest) -->"
README_END = "<!-- exercices:fin -->"


def readme_table(exercises: list[Exercise]) -> str:
    """The README's exercise table, rendered from the manifest."""
    rows = [
        "| n° | Fichier | Exercice | Points |",
        "|---|---|---|---|",
        *(f"| {ex.number} | `{ex.file_name}` | {ex.title} | {ex.points} |" for ex in exercises),
        f"| | | **Total** | **{sum(ex.points for ex in exercises)}** |",
    ]
    return "\n".join(rows)


def render_readme(readme: str, exercises: list[Exercise]) -> str:
    """`readme` with the table between the markers replaced by a fresh one."""
    before, rest = readme.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    return f"{before}{README_START}\n{readme_table(exercises)}\n{README_END}{after}"


if __name__ == "__main__":
    from tools.common.paths import ROOT

    readme = ROOT / "README.md"
    readme.write_text(
        render_readme(readme.read_text(encoding="utf-8"), load_manifest()), encoding="utf-8"
    )
    print("README.md : tableau des exercices mis à jour depuis manifest.toml")

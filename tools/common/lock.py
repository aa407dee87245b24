"""uv.lock, the one lock file every grading path installs from.

pyproject.toml states what the tests need (floors); uv.lock pins every
package, for every supported Python and system, so that a push graded in
October and the teacher's re-grade in December use the same pytest, plugins
and psutil. Whatever installs the tests' environment goes through
`uv export --frozen` (the nox sessions, the workflows, Classroom 50's setup,
the devcontainer), and a new term starts with `uv lock --upgrade`.

This module only reads the lock (tomllib): what the grading report records
as the versions it graded with, and whether the installed ones are those.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tools.common.paths import ROOT

LOCK = ROOT / "uv.lock"
# The group every grading installs (pytest and its plugins, psutil).
GRADING_GROUP = "test"
_NAME = re.compile(r'name = "([^"]+)"')


def normalize(name: str) -> str:
    """PEP 503 names: `Pytest_Asyncio` and `pytest-asyncio` are one package."""
    return name.lower().replace("_", "-").replace(".", "-")


def export_arguments(groups: Sequence[str], output: Path, project: Path = ROOT) -> list[str]:
    """`uv …` arguments that write the groups' pinned requirements (with
    hashes, installable by pip or uv) from the lock, without resolving."""
    return [
        "export", "--frozen", "--no-emit-project", "--quiet",
        f"--project={project}", *(f"--only-group={group}" for group in groups),
        f"--output-file={output}",
    ]  # fmt: skip


@dataclass(frozen=True)
class Lock:
    versions: Mapping[str, frozenset[str]]  # package -> locked version(s)
    groups: Mapping[str, tuple[str, ...]]  # dependency group -> its direct packages

    def direct(self, group: str = GRADING_GROUP) -> tuple[str, ...]:
        return self.groups.get(group, ())


def read_lock(path: Path = LOCK, names: Iterable[str] | None = None) -> Lock:
    """The lock's versions (of `names` only, when given) and its project's
    dependency groups. Each `[[package]]` table is parsed on its own, and only
    when it is wanted: the whole lock took 0,2 s to parse, at the end of every
    grading, for the handful of versions its report names."""
    text = path.read_text(encoding="utf-8")
    wanted = {normalize(n) for n in names} if names is not None else None
    versions: dict[str, set[str]] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for block in text.split("\n[[package]]\n")[1:]:
        head = _NAME.match(block)
        name = normalize(head[1]) if head else ""
        project = "virtual = " in block or "editable = " in block
        if not project and wanted is not None and name not in wanted:
            continue
        # Its sub-tables ([package.dev-dependencies]…) belong to this element.
        package = tomllib.loads("[[package]]\n" + block.split("\n[[", 1)[0])["package"][0]
        source = package.get("source", {})
        if "virtual" in source or "editable" in source:  # the project itself
            for group, members in package.get("dev-dependencies", {}).items():
                groups[group] = tuple(normalize(str(m["name"])) for m in members)
            continue
        versions.setdefault(name, set()).add(str(package.get("version", "")))
    return Lock({k: frozenset(v) for k, v in versions.items()}, groups)


@dataclass(frozen=True)
class Graded:
    """One package of the grading environment: installed and locked versions."""

    name: str
    installed: str | None
    locked: frozenset[str]

    @property
    def as_locked(self) -> bool:
        return self.installed is not None and self.installed in self.locked

    def text(self) -> str:
        installed = self.installed or "absent"
        if self.as_locked or not self.locked:
            return f"{self.name} {installed}"
        return f"{self.name} {installed} (verrou : {' ou '.join(sorted(self.locked))})"


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def graded_with(path: Path = LOCK, names: Iterable[str] | None = None) -> list[Graded]:
    """The grading group's packages as installed here, next to the lock's
    versions; an empty list when there is no readable lock."""
    try:
        groups = read_lock(path, names=()).groups  # the project's table only
        chosen = list(names) if names is not None else list(groups.get(GRADING_GROUP, ()))
        lock = read_lock(path, names=chosen)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [Graded(n, _installed(n), lock.versions.get(normalize(n), frozenset())) for n in chosen]


def drift_warning(packages: Sequence[Graded]) -> str | None:
    """A French line when the environment is not the locked one, else None."""
    off = [package.text() for package in packages if not package.as_locked]
    if not off:
        return None
    return (
        "Outils de notation différents de uv.lock : " + ", ".join(off) + ". La note peut différer "
        "de celle de l'enseignant ; réinstalle l'environnement (nox --reuse-venv=no)."
    )

"""Does uv.lock still match pyproject.toml? Part of the self-check.

    python -m tools.maintainer.lock_check [DOSSIER]

A floor raised, a package added to a dependency group or a Python version
claimed in pyproject.toml without `uv lock` afterwards would leave every
grading path installing what the lock says while the project says something
else. `uv lock --check --offline` compares the two without resolving anything
new; this module runs it and says in French what to do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.common.paths import ROOT

REFRESH = "uv lock"
NEW_TERM = "uv lock --upgrade"


def uv_binary() -> str | None:
    """The uv of this environment (the `uv` package), else one on PATH."""
    try:
        from uv import find_uv_bin  # optional: uv may come from PATH

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def check(project: Path = ROOT) -> tuple[bool, str]:
    """(True, "") when uv.lock matches pyproject.toml, else (False, why in French)."""
    if not (project / "uv.lock").is_file():
        return False, f"uv.lock est absent de {project} : crée-le avec `{REFRESH}`."
    uv = uv_binary()
    if uv is None:
        return False, "uv est introuvable : installe-le (python3 -m pip install uv)."
    done = subprocess.run(
        [uv, "lock", "--check", "--offline", f"--project={project}"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if done.returncode == 0:
        return True, ""
    detail = (done.stderr or done.stdout).strip()
    return False, (
        "uv.lock ne correspond plus à pyproject.toml : les notations installeraient d'autres "
        f"versions que celles que le projet demande. Relance `{REFRESH}` (ou `{NEW_TERM}` pour "
        f"prendre les dernières versions en début de semestre), vérifie, puis commite uv.lock.\n"
        f"uv : {detail}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    project = Path(args[0]) if args else ROOT
    ok, message = check(project)
    if ok:
        print("uv.lock correspond à pyproject.toml.")
        return 0
    print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Where things are in the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "manifest.toml"
COURSE = ROOT / "cours" / "asyncio-concepts-de-base.md"
TREES = {"exercises": ROOT / "exercises", "solutions": ROOT / "solutions"}
PUBLIC_TESTS = ROOT / "tests" / "public"
HIDDEN_TESTS = ROOT / "tests" / "hidden"
MUTANTS = ROOT / "tests" / "mutants"
ALTERNATIVES = ROOT / "tests" / "alternatives"  # right answers, other roads
# The exercises' starting code, beside the student's: shipped by the template
# export (what `nox -s reset` puts back), and written by the re-grade into
# each grading workspace (an exercise left as it was is not run).
STARTING_CODE = ".codes-de-depart"
# The code every pytest run imports (conftest.py, the tests), by folder: what
# the student template ships, what each exercise's grading workspace receives
# and what the grader fingerprints. tools/teacher and tools/maintainer are
# never among them.
RUNTIME_PACKAGES = ("tools", "tools/common", "tools/grading", "tools/student", "tests/support")


def shown_path(path: Path) -> str:
    """A path as a student reads it: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def runtime_modules(root: Path = ROOT) -> list[Path]:
    """The Python files of RUNTIME_PACKAGES under `root`, package by package."""
    return [path for folder in RUNTIME_PACKAGES for path in sorted((root / folder).glob("*.py"))]

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

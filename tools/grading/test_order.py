"""Which tests an exercise runs first, read without pytest: tests/hidden/ordre.py.

The first failing test decides an exercise (tools/grading/first_failure.py,
the pytest plugin): each exercise's tests run in the order that file gives,
learned by `python -m tools.maintainer.learn_order` from the wrong answers the
project knows, and the grader starts the exercises whose solutions take
longest first (its DUREES). The grader reads this module without importing
pytest. A student's clone has no tests/hidden: pytest's order then stays.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path

OPTION = "--tous-les-tests"
DECIDED_REASON = "non lancé : un test précédent de cet exercice a déjà échoué (tout ou rien)"
NOT_RUN = "not_run"  # the outcome tools/grading/results.py records for those
ORDER_MODULE = "tests.hidden.ordre"
TEST_FOLDERS = ("public", "hidden")


def _module_value(name: str) -> dict[str, object]:
    try:
        module = importlib.import_module(ORDER_MODULE)
    except ImportError:
        return {}
    value = getattr(module, name, {})
    return value if isinstance(value, dict) else {}


def load_order() -> Mapping[str, Sequence[str]]:
    """Exercise id -> its test keys, first to run first; empty without the file."""
    return {k: v for k, v in _module_value("ORDRE").items() if isinstance(v, tuple | list)}


def expected_seconds() -> Mapping[str, float]:
    """Exercise id -> its solution's seconds; empty without the file."""
    return {k: float(v) for k, v in _module_value("DUREES").items() if isinstance(v, int | float)}


def exercise_file(path: Path) -> str | None:
    """The exercise a test belongs to, by its file name (the same in
    tests/public and tests/hidden); None outside those two folders."""
    if path.parent.name in TEST_FOLDERS and path.parent.parent.name == "tests":
        return path.name
    return None


def key(folder: str, name: str) -> str:
    """How tests/hidden/ordre.py names a test: "hidden::test_x[param]"."""
    return f"{folder}::{name}"


def test_key(path: Path, name: str) -> str:
    """The name of test `name` of the file `path` (in tests/public or tests/hidden)."""
    return key(path.parent.name, name)


def exercise_id(file_name: str) -> str:
    return file_name.removeprefix("test_").removesuffix(".py")

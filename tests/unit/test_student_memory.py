"""Memory and endless recursion in the student's code (tests/support/student.py).

A recursion under a raised recursion limit fills the memory cap with frames:
CPython then raises SystemError, not MemoryError, with a traceback of millions
of lines; or the loop watchdog stops it first. Either way the student reads
« Mémoire épuisée », and only the first lines of the recursion.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from _pytest.outcomes import OutcomeException

from tests.support.student import (
    ENDLESS_RECURSION,
    SHOWN_FRAMES,
    Student,
    describe_exception,
    out_of_memory,
    student_frames,
)
from tools.common.manifest import load_manifest

DEEP = ENDLESS_RECURSION + 500


def student_module(tree: Path) -> ModuleType:
    tree.mkdir(exist_ok=True)
    path = tree / "copie.py"
    path.write_text(
        textwrap.dedent(
            """
            def profondeur(n, fin):
                if n >= fin:
                    raise RuntimeError("fond")
                return profondeur(n + 1, fin) + 1
            """
        ),
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location(f"copie_{id(tree)}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raised(tree: Path, depth: int) -> BaseException:
    code = student_module(tree)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 1000)
    try:
        code.profondeur(0, depth)
    except RuntimeError as exc:
        return exc
    finally:
        sys.setrecursionlimit(limit)
    raise AssertionError("profondeur aurait dû lever")


def test_the_systemerror_of_a_frame_that_cannot_be_allocated_is_memory() -> None:
    assert out_of_memory(MemoryError())
    assert out_of_memory(SystemError("error return without exception set"))
    assert not out_of_memory(SystemError("autre chose"))
    assert not out_of_memory(RecursionError("maximum recursion depth exceeded"))
    text = describe_exception(SystemError("error return without exception set"), Path("."))
    assert "Mémoire épuisée" in text
    assert "récursion sans cas d'arrêt" in text


def test_a_long_traceback_shows_its_first_and_last_lines(tmp_path: Path) -> None:
    exc = raised(tmp_path / "eleve", 30)
    lines = student_frames(exc, tmp_path / "eleve")
    assert len(lines) == 2 * SHOWN_FRAMES + 1
    assert lines[SHOWN_FRAMES] == "… (21 lignes de plus) …"  # 31 frames: 0 to 30
    assert all("dans profondeur" in line for i, line in enumerate(lines) if i != SHOWN_FRAMES)
    short = student_frames(raised(tmp_path / "eleve", 2), tmp_path / "eleve")
    assert len(short) == 3


def test_an_endless_recursion_is_reported_as_memory_without_its_frames(tmp_path: Path) -> None:
    tree = tmp_path / "eleve"
    exercise = next(ex for ex in load_manifest() if ex.id == "ex04_await_oublie")
    student = Student(exercise, tree)
    exc = raised(tree, DEEP)
    lines = student_frames(exc, tree)
    assert len(lines) == SHOWN_FRAMES + 1  # the walk stops: the last ones are not reached
    assert "plus de 10\u202f000" in lines[-1]
    # What pytest would get: a failure whose context is the recursion.
    try:
        try:
            raise exc
        except RuntimeError:
            pytest.fail("Timeout (>30.0s) from pytest-timeout")
    except OutcomeException as stopped:
        instead = student.endless_recursion(stopped)
    assert instead is not None
    assert exc.__traceback__ is None  # what pytest would have walked, dropped
    message = str(instead)
    assert "récursion sans fin" in message
    assert "Mémoire épuisée" in message
    assert "copie.py, ligne" in message
    assert student.endless is True
    # A shallow failure is left to pytest as it is.
    assert Student(exercise, tree).endless_recursion(raised(tree, 50)) is None

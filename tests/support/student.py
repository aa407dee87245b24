"""Access to the student's module for one exercise, with French feedback.

Every way the student's code can go wrong (file missing, syntax error,
exception or `sys.exit` at import, function missing, exception or hang during
a call) becomes a test failure whose message says what was observed, what was
expected and which part of the course to reread. The module is imported
lazily, inside the test, so that a broken file fails its own exercise's tests
and nothing else.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import linecache
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn, TypeVar

import pytest
from _pytest.outcomes import OutcomeException

from tests.support.clock import perf_counter
from tests.support.course_rules import RuleWatch
from tools.common import french
from tools.common.manifest import Exercise
from tools.common.paths import COURSE, shown_path
from tools.common.timeline import Comparison
from tools.grading import tamper
from tools.grading.limits import MEMORY_ADVICE

T = TypeVar("T")

# One import per exercise per test session: a module with side effects at
# import runs them once, and a broken one is reported the same way each time.
_IMPORTS: dict[tuple[Path, str], ModuleType | str] = {}
_TIMELINES_DRAWN: set[str] = set()  # exercises whose failure drew a timeline


# Frames shown at each end of a long traceback: a recursion without end
# leaves millions, which would flood the report.
SHOWN_FRAMES = 5
# What CPython raises, instead of MemoryError, when it cannot allocate room
# for one more Python frame (a deep recursion under a raised recursion limit
# reaching the memory cap, tools/grading/limits.py): the frame push fails
# without setting an exception, and the interpreter reports just that.
_NO_EXCEPTION_SET = "error return without exception set"
# Set on an exception whose traceback was dropped (forget_traceback).
_FRAMES_KEPT = "_notation_lignes_eleve"
# Nested calls of the student's code past which a stop (pytest-timeout, the
# loop watchdog) is taken for a recursion without end, on its way to the
# memory cap: ten times Python's default recursion limit, which only a raised
# limit lets through; no answer to these exercises goes that deep.
ENDLESS_RECURSION = 10_000


def out_of_memory(exc: BaseException) -> bool:
    """The student's code ran out of memory (the grading's cap or the machine's)."""
    return isinstance(exc, MemoryError) or (
        isinstance(exc, SystemError) and str(exc) == _NO_EXCEPTION_SET
    )


def student_frames(exc: BaseException, tree: Path) -> list[str]:
    """The lines of the student's files that the exception went through: the
    first and last SHOWN_FRAMES of them, with how many were left out."""
    return _student_frames(exc, tree)[0]


def _student_frames(exc: BaseException, tree: Path) -> tuple[list[str], int]:
    """student_frames, and how many frames of the student's the exception
    went through (ENDLESS_RECURSION at most: the walk stops there)."""
    kept = getattr(exc, _FRAMES_KEPT, None)
    if isinstance(kept, tuple):
        return kept
    # The traceback is walked by hand, not with traceback.extract_tb: that
    # one builds a summary of every frame, and reads its source line, which
    # for millions of frames takes longer than the exercise's budget and more
    # memory than is left after a MemoryError. The walk stops after
    # ENDLESS_RECURSION of the student's frames: past that, the loop watchdog
    # would interrupt the walk itself.
    root = tree.resolve()
    theirs: dict[str, bool] = {}
    first: list[tuple[str, int, str]] = []
    last: list[tuple[str, int, str]] = []
    count = 0
    tb = exc.__traceback__
    while tb is not None and count < ENDLESS_RECURSION:
        code = tb.tb_frame.f_code
        if code.co_filename not in theirs:
            theirs[code.co_filename] = Path(code.co_filename).parent.resolve() == root
        if theirs[code.co_filename]:
            count += 1
            where = (code.co_filename, tb.tb_lineno, code.co_name)
            if len(first) < SHOWN_FRAMES:
                first.append(where)
            else:
                last.append(where)
                if len(last) > SHOWN_FRAMES:
                    del last[0]
        tb = tb.tb_next
    lines = [_frame_line(*where) for where in first]
    if count >= ENDLESS_RECURSION:  # the last ones were not reached
        return [*lines, f"… (plus de {_count(count)} lignes en tout) …"], count
    if count > 2 * SHOWN_FRAMES:
        lines.append(f"… ({_count(count - 2 * SHOWN_FRAMES)} lignes de plus) …")
    return lines + [_frame_line(*where) for where in last], count


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands: a narrow no-break space


def _frame_line(filename: str, lineno: int, name: str) -> str:
    line = linecache.getline(filename, lineno).strip()
    code = f" : {line}" if line else ""
    return f"{shown_path(Path(filename))}, ligne {lineno}, dans {name}{code}"


def forget_traceback(exc: BaseException, tree: Path) -> int:
    """Keep the student's lines of `exc`, then drop its traceback: after a
    recursion that filled the memory, its frames hold what the cap allowed,
    and the tests and pytest need some of it back to report in French (and
    pytest would build a summary of every frame). Returns how many frames of
    the student's it went through."""
    kept = _student_frames(exc, tree)
    setattr(exc, _FRAMES_KEPT, kept)
    exc.__traceback__ = None
    exc.__context__ = None
    return kept[1]


def describe_exception(exc: BaseException, tree: Path) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    frames = student_frames(exc, tree)
    if frames:
        text += "\n" + "\n".join(f"      {line}" for line in frames)
    if out_of_memory(exc):
        text += "\n  " + MEMORY_ADVICE
    return text


def _import_failure(exercise: Exercise, path: Path, exc: BaseException) -> str:
    where = shown_path(path)
    if isinstance(exc, SyntaxError):
        line = (exc.text or "").rstrip()
        pointer = f"\n      {line}" if line else ""
        return (
            f"Le fichier {where} contient une erreur de syntaxe ligne {exc.lineno} : "
            f"{exc.msg}.{pointer}\n"
            "  Python ne peut pas lire le fichier : corrige cette ligne (parenthèse ou "
            "guillemet non fermé, deux-points oublié, indentation…) puis relance les tests."
        )
    if isinstance(exc, SystemExit):
        return (
            f"Le fichier {where} appelle sys.exit() (ou exit()) pendant son import.\n"
            "  Un module d'exercice ne doit rien lancer à l'import : place le code de "
            'démonstration sous `if __name__ == "__main__":`.'
        )
    frames = student_frames(exc, path.parent)
    where_line = ("\n      " + "\n      ".join(frames)) if frames else ""
    return (
        f"L'import du fichier {where} a échoué : {type(exc).__name__}: {exc}{where_line}\n"
        "  Le code au niveau du module (hors des fonctions) s'exécute dès l'import : "
        "corrige l'erreur, et place le code de démonstration sous "
        '`if __name__ == "__main__":`.'
    )


@dataclass(frozen=True)
class Outcome:
    """What a call to the student's code did: returned a value or raised."""

    value: Any = None
    error: BaseException | None = None


class Student:
    """The student's solution to one exercise, as found in one tree."""

    def __init__(self, exercise: Exercise, tree: Path, checks: tuple[str, ...] = ()) -> None:
        self.exercise = exercise
        self.tree = tree
        self.path = tree / exercise.file_name
        # The statement's promises the running test checks (its markers).
        self.checks = checks
        # The course's rules, measured around every call (course_rules.py).
        self.rules = RuleWatch(exercise.common_rules)
        # What the student's code did, drawn (tools/common/timeline.py): shown
        # with any failure of this test, and with --chronologie when it passes.
        self.timeline: Comparison | None = None
        # A recursion without end was stopped (by the loop watchdog, or
        # pytest-timeout) and reported as such: conftest.py keeps that report.
        self.endless = False

    @property
    def started(self) -> float:
        """When the last call of the student's code began (perf_counter), the
        course's measures around it set up: the zero of its timeline."""
        return self.rules.started

    @started.setter
    def started(self, value: float) -> None:
        """For a call the test makes itself (a plain function in a thread)."""
        self.rules.started = value

    def show(self, comparison: Comparison) -> None:
        """Record the timeline of the run this test judges, from the measures
        the test took: every later failure of the test draws it."""
        self.timeline = comparison

    # -- feedback -----------------------------------------------------------

    def fail(
        self,
        problem: str,
        *,
        observed: str,
        expected: str,
        call: str | None = None,
        advice: str | None = None,
        requirement: str | None = None,
    ) -> NoReturn:
        """Fail the test with a message in the course's shape. `requirement`
        names the statement's promise not kept; by default the one the test
        checks, when it checks only one."""
        ex = self.exercise
        lines = [f"[{ex.number} · {ex.title}] {problem}"]
        if call:
            lines.append(f"  Appel    : {call}")
        lines.append(f"  Observé  : {observed}")
        lines.append(f"  Attendu  : {expected}")
        if advice:
            lines.append(f"  Conseil  : {advice}")
        promise = ex.requirement(requirement or (self.checks[0] if len(self.checks) == 1 else ""))
        if promise is not None:
            lines.append(f"  Promesse : {promise.id}. {promise.text}")
        lines.append(f"  À relire : {ex.sections_text()} dans {shown_path(COURSE)}")
        # The picture, once per exercise in a run: with --tous-les-tests,
        # the exercise's later failures would draw it again.
        if self.timeline is not None and ex.id not in _TIMELINES_DRAWN:
            _TIMELINES_DRAWN.add(ex.id)
            encoding = getattr(sys.__stdout__, "encoding", None)
            lines += [f"  {line}" for line in self.timeline.text(encoding=encoding).splitlines()]
        pytest.fail("\n".join(lines), pytrace=False)

    def _fail_endless(self, exc: BaseException, call: str | None) -> NoReturn:
        self.endless = True
        frames = "\n".join(f"      {line}" for line in student_frames(exc, self.tree))
        self.fail(
            "L'appel s'enfonçait dans une récursion sans fin.",
            call=call,
            observed=f"plus de {_count(ENDLESS_RECURSION)} appels imbriqués de ton code, "
            f"arrêtés avant que la mémoire ne soit épuisée\n{frames}",
            expected="un appel qui se termine",
            advice=MEMORY_ADVICE,
        )

    def endless_recursion(self, exc: BaseException) -> BaseException | None:
        """The failure to report instead of `exc` when `exc`, or an exception
        it was raised from, went through a recursion without end of the
        student's code: pytest would describe its millions of frames, run out
        of memory, and stop the whole run. None otherwise. Called by
        conftest.py before pytest describes a test's failure."""
        chain: list[BaseException] = []
        current: BaseException | None = exc
        while current is not None and current not in chain:
            chain.append(current)
            current = current.__cause__ or current.__context__
        deep = next(
            (e for e in chain if _student_frames(e, self.tree)[1] >= ENDLESS_RECURSION), None
        )
        if deep is None:
            return None
        for each in chain:
            forget_traceback(each, self.tree)
        if out_of_memory(deep):
            try:
                self.fail(
                    "L'appel a levé une exception.",
                    observed=describe_exception(deep, self.tree),
                    expected="un résultat, sans exception",
                )
            except OutcomeException as failure:
                return failure
        try:
            self._fail_endless(deep, None)
        except OutcomeException as failure:
            return failure

    def fail_if_broken(self, rule: str) -> None:
        """Fail now if the calls so far broke the course's rule `rule` (C2…),
        for a test whose own check would only describe a consequence of it (a
        connection still open because the task that closes it has not run).
        Otherwise the fixture reports a broken rule only once the test passed."""
        for broken in self.rules.violations:
            if broken.rule == rule:
                self.fail(
                    broken.problem,
                    call=broken.call,
                    observed=broken.observed,
                    expected=broken.expected,
                    advice=broken.advice,
                    requirement=broken.rule,
                )

    # -- the module ---------------------------------------------------------

    @property
    def module(self) -> ModuleType:
        key = (self.tree.resolve(), self.exercise.module_name)
        if key not in _IMPORTS:
            _IMPORTS[key] = self._import()
        loaded = _IMPORTS[key]
        if isinstance(loaded, str):
            pytest.fail(f"[{self.exercise.number} · {self.exercise.title}] {loaded}", pytrace=False)
        return loaded

    def _import(self) -> ModuleType | str:
        if not self.path.is_file():
            return (
                f"Le fichier {shown_path(self.path)} est introuvable. Il a peut-être été renommé "
                "ou supprimé : récupère-le depuis le dépôt d'origine."
            )
        tree = str(self.tree.resolve())
        # The tree's folder goes on sys.path, so the module is importable by
        # name: worker processes started with spawn/forkserver inherit sys.path
        # and find the student's functions when they unpickle them.
        if tree not in sys.path:
            sys.path.insert(0, tree)
        try:
            module = importlib.import_module(self.exercise.module_name)
        except BaseException as exc:  # the student's module may raise anything
            return _import_failure(self.exercise, self.path, exc)
        found = Path(module.__file__ or "").resolve()
        if found != self.path.resolve():
            return (
                f"Python a importé {found} au lieu de {shown_path(self.path)} : un autre module "
                f"porte le nom {self.exercise.module_name}."
            )
        return module

    def function(self, name: str, *, is_async: bool = True) -> Callable[..., Any]:
        obj = getattr(self.module, name, None)
        kind = "async def" if is_async else "def"
        if obj is None:
            self.fail(
                f"La fonction {name} est introuvable.",
                observed=f"{shown_path(self.path)} ne définit pas {name}",
                expected=f"une fonction `{kind} {name}(...)` au niveau du module",
                advice="ne renomme pas les fonctions de l'énoncé",
            )
        if is_async and not inspect.iscoroutinefunction(obj):
            self.fail(
                f"{name} n'est pas une coroutine.",
                observed=f"{name} est {type(obj).__name__}",
                expected=f"une fonction définie avec `async def {name}(...)`",
            )
        if not callable(obj):
            self.fail(
                f"{name} n'est pas une fonction.",
                observed=f"{name} vaut {obj!r}",
                expected=f"`{kind} {name}(...)`",
            )
        return obj  # type: ignore[no-any-return]

    # -- calling it ---------------------------------------------------------

    async def outcome(self, awaitable: Awaitable[T], *, call: str, limit: float) -> Outcome:
        """Await the student's code for at most `limit` seconds.

        A hang fails the test with the call named; an exception is returned
        for the test to judge (some tests expect one).
        """
        start = perf_counter()
        endless: BaseException | None = None
        try:
            return Outcome(value=await self.rules.watch(awaitable, call=call, limit=limit))
        except TimeoutError as exc:
            if perf_counter() - start < limit:  # the student's own TimeoutError
                return Outcome(error=exc)
        except OutcomeException as exc:
            # pytest-timeout or the loop watchdog stopped a recursion that
            # had not yet filled the memory (a loaded machine): said as
            # memory, and without its frames, which pytest could not report.
            if _student_frames(exc, self.tree)[1] < ENDLESS_RECURSION:
                raise  # pytest's own failures, pytest-timeout's among them, as they are
            forget_traceback(exc, self.tree)
            endless = exc
        except KeyboardInterrupt:
            raise  # Ctrl-C
        except BaseException as exc:  # SystemExit or a BaseException of the student's
            if out_of_memory(exc):
                forget_traceback(exc, self.tree)
            return Outcome(error=exc)
        finally:
            tamper.check_loop(asyncio.get_running_loop())
        # Outside the `except`: pytest would otherwise print the chained
        # exception (in English) above the French message.
        if endless is not None:
            self._fail_endless(endless, call)
        self.fail(
            "L'appel ne s'est pas terminé.",
            call=call,
            observed=f"toujours en cours après {french.number(limit)} s",
            expected="un appel qui se termine (une fraction de seconde suffit normalement)",
            advice="cherche une attente qui n'aboutit jamais, une boucle sans fin, ou un "
            "appel bloquant comme time.sleep",
        )

    async def call(self, awaitable: Awaitable[T], *, call: str, limit: float) -> Any:
        """Await the student's code; any exception fails the test in French."""
        result = await self.outcome(awaitable, call=call, limit=limit)
        if result.error is not None:
            self.fail(
                "L'appel a levé une exception.",
                call=call,
                observed=describe_exception(result.error, self.tree),
                expected="un résultat, sans exception",
            )
        return result.value

"""pytest wiring shared by all exercises: which tree is graded, the `student`
fixture, French timeout messages, and the JSON results the self-check reads."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
import pytest_timeout  # type: ignore[import-untyped]
from _pytest.outcomes import OutcomeException

# Bound the real clocks before any student module can be imported.
import tests.support.clock  # noqa: F401
from tests.support.student import Student
from tools.common import commands, french, stuck_call
from tools.common.manifest import ManifestError, exercise_for_test_file, load_manifest, select
from tools.common.paths import HIDDEN_TESTS, PUBLIC_TESTS, TREES
from tools.common.timeline import TIMELINE_PROPERTY
from tools.grading import first_failure, limits
from tools.grading.loop_watchdog import DIAGNOSTIC_VARIABLE, EXIT_STATUS, Watchdog, install
from tools.grading.results import ResultsRecorder, take_run_token
from tools.grading.tamper import AlarmState, check_and_restore
from tools.student.progress_plugin import ProgressReporter
from tools.student.student_report import PassingTimelines, StudentReport

# The grader's per-run token is read (and its file deleted) before any student
# module is imported: they are imported lazily, inside the tests.
_run_token = take_run_token()
# Likewise the file where the watchdog writes why it stopped the student's code.
_diagnostic_file = os.environ.pop(DIAGNOSTIC_VARIABLE, None)
# ...and the one where faulthandler writes the stacks when one call held the
# GIL too long (tools/common/stuck_call.py): set by the grader and nox.
_dump_variable = os.environ.pop(stuck_call.DUMP_VARIABLE, None)
_dump_file: Any = None  # kept open: faulthandler writes to its descriptor
# The grader's memory cap, before any student module runs (tools/grading/limits.py).
limits.apply_from_environment()
CALL_FAILED = pytest.StashKey[bool]()
# Notices code that blocks the event loop (tools/grading/loop_watchdog.py).
_watchdog: Watchdog | None = None
_uninstall_watchdog: Callable[[], None] | None = None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("asyncio-exercices")
    group.addoption(
        "--tree",
        default="exercises",
        help="code à noter : 'exercises' (l'élève, par défaut), 'solutions', ou un dossier",
    )
    group.addoption(
        "--start-method",
        # Only those of this system: `fork` is a clean usage error on Windows.
        choices=multiprocessing.get_all_start_methods(),
        default=None,
        help="méthode de démarrage des processus par défaut (comme sous macOS/Windows : spawn)",
    )
    group.addoption(
        "--progression",
        choices=["complete", "courte", "non"],
        default="complete",
        help="après les tests, où tu en es : tous les exercices, une ligne, ou rien",
    )
    group.addoption(
        "--eleve",
        action="store_true",
        help="affichage pour l'élève : un verdict par exercice et son premier échec, en français",
    )
    first_failure.add_option(group)
    group.addoption(
        "--chronologie",
        action="store_true",
        help="montre la chronologie de ton code (barres dans le temps), même quand il passe",
    )
    group.addoption(
        "--results-json",
        default=None,
        metavar="FICHIER",
        help="écrit le résultat de chaque test dans ce fichier JSON",
    )


def tree_path(config: pytest.Config) -> Path:
    value: str = config.getoption("--tree")
    path = TREES.get(value, Path(value))
    if not path.is_dir():
        raise pytest.UsageError(f"--tree {value} : le dossier {path} n'existe pas")
    return path.resolve()


def exercise_arguments(args: list[str]) -> list[str]:
    """`pytest 03 gather` (or `nox -- 03`): a bare word that is not a
    path names exercises, as in `nox -s grade -- 03`; it becomes their test
    files. Paths, node ids and options are left to pytest."""
    expanded: list[str] = []
    for arg in args:
        looks_like_path = any(mark in arg for mark in ("/", "\\", "::", ".py"))
        if arg.startswith("-") or looks_like_path or Path(arg).exists():
            expanded.append(arg)
            continue
        try:
            chosen = select(load_manifest(), [arg])
        except ValueError as error:
            raise pytest.UsageError(f"{error} ; ou bien un fichier de test, ou -k TEXTE") from None
        for exercise in chosen:
            expanded += [
                str(folder / exercise.test_file_name)
                for folder in (PUBLIC_TESTS, HIDDEN_TESTS)
                if (folder / exercise.test_file_name).is_file()
            ]
    return expanded


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "exigence(*ids): les promesses de l'énoncé que ce test vérifie (E1, C2… : manifest.toml)",
    )
    tree = tree_path(config)  # a wrong --tree stops the run before any test
    config.args[:] = exercise_arguments(config.args)
    method = config.getoption("--start-method")
    if method:  # e.g. spawn, the default of macOS and Windows, on Linux
        multiprocessing.set_start_method(method, force=True)
    global _run_token
    target = config.getoption("--results-json")
    if target:
        config.pluginmanager.register(ResultsRecorder(Path(target), _run_token), "results-json")
    elif tree == TREES["exercises"].resolve():
        # The student's own run: where they stand, and what comes next.
        mode = config.getoption("--progression")
        chosen = config.args_source == pytest.Config.ArgsSource.ARGS
        if config.getoption("--eleve") and chosen and mode == "complete":
            mode = "courte"  # a run of some exercises: their verdicts, and one line
        config.pluginmanager.register(ProgressReporter(tree, mode), "progression")
    if config.getoption("--eleve") and not target:
        config.pluginmanager.register(StudentReport(config), "rapport-eleve")
    elif config.getoption("--chronologie") and not target:
        config.pluginmanager.register(PassingTimelines(config), "chronologies")
    # The first failure of an exercise decides it (tools/grading/first_failure.py).
    first_failure.register(config)
    _run_token = None  # kept by the recorder only
    global _watchdog, _uninstall_watchdog, _dump_file
    if stuck_call.WATCHDOG_SAFE and threading.current_thread() is threading.main_thread():
        _dump_file = _open_dump(config) if stuck_call.GUARD_SAFE else None
        _watchdog = Watchdog(
            end_process=lambda message: _end_run(config, message),
            diagnostic=_diagnostic_file,
            guard=_dump_file,
        )
        _uninstall_watchdog = install(_watchdog)


def _open_dump(config: pytest.Config) -> Any:
    """The last-resort guard's file. A run started without the grader writes
    to one file per repository: `nox` and `nox -s watch` explain it as soon as
    pytest has ended; a pytest started by hand says it at its next start (the
    stopped process could not: it was ended from outside Python)."""
    path = Path(_dump_variable) if _dump_variable else stuck_call.default_dump_path()
    if not _dump_variable:
        earlier = stuck_call.read_and_explain(path, None)  # maybe another --tree
        if earlier:
            config.stash[EARLIER_DUMP] = (
                f"Au lancement précédent :\n{earlier}\n  Les tests suivants n'avaient pas tourné."
            )
    try:
        return path.open("w", encoding="utf-8")
    except OSError:
        return None  # no guard, but the watchdog still works


EARLIER_DUMP = pytest.StashKey[str]()


def pytest_sessionstart(session: pytest.Session) -> None:
    earlier = session.config.stash.get(EARLIER_DUMP, None)
    if earlier:
        session.config.get_terminal_writer().line(earlier + "\n")


def pytest_unconfigure(config: pytest.Config) -> None:
    global _watchdog, _uninstall_watchdog, _dump_file
    if _uninstall_watchdog is not None:
        _uninstall_watchdog()
    _watchdog = _uninstall_watchdog = None
    if _dump_file is not None:
        with contextlib.suppress(OSError):
            _dump_file.close()
        _dump_file = None


def _end_run(config: pytest.Config, message: str) -> None:
    """The watchdog's last resort, from its thread: the reason on the
    terminal (not into pytest's capture), then the process ends."""
    with contextlib.suppress(Exception):
        capture = config.pluginmanager.getplugin("capturemanager")
        if capture is not None:
            capture.suspend_global_capture(in_=True)
        writer = config.get_terminal_writer()
        writer.line("\n" + message)
        writer.line(
            "  Le code n'a pas pu être interrompu : pytest s'arrête ici, les tests suivants "
            "n'ont pas tourné."
        )
        writer.flush()
    os._exit(EXIT_STATUS)


def pytest_report_header(config: pytest.Config) -> str:
    return f"code noté : {tree_path(config)}"


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    # The tests collect garbage often (a coroutine never awaited, a task's lost
    # error, a forgotten connection only speak when collected): a full
    # collection through pytest's own objects took 17 ms, 0,8 s of an 8-test
    # exercise. Everything alive now is put out of the collector's reach for
    # good; what the tests and the student's code create later is still
    # collected, and in full.
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Exercises that need a longer hang guard say so in the manifest.
    timeouts = {ex.test_file_name: ex.timeout for ex in load_manifest()}
    for item in items:
        limit = timeouts.get(item.path.name)
        if limit is not None and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(limit))


@pytest.fixture
def student(request: pytest.FixtureRequest) -> Generator[Student, None, None]:
    """The graded code for the exercise this test file belongs to.

    After the test, anything the student's code replaced among the clocks,
    sleeps and pytest-timeout's alarm fails the test, and is put back."""
    exercise = exercise_for_test_file(request.path)
    checks = tuple(str(i) for m in request.node.iter_markers("exigence") for i in m.args)
    graded = Student(exercise, tree_path(request.config), checks)
    label = f"[{exercise.number} · {exercise.title}]"
    if _watchdog is not None:
        earlier = _watchdog.stuck.get(exercise.id)
        if earlier is not None:  # the same hang would only be waited for again
            pytest.fail(earlier.later(label), pytrace=False)
        _watchdog.arm(exercise.id, graded.tree, label, exercise.sections_text())
    alarm = AlarmState.now()
    try:
        yield graded
    finally:
        if _watchdog is not None:
            _watchdog.disarm()
    tampered = check_and_restore()
    # pytest-timeout disarms its alarm itself when a test fails: only a test
    # that passed still has it armed.
    if alarm is not None and not request.node.stash.get(CALL_FAILED, True):
        tampered += alarm.changes()
    if tampered:
        graded.fail(
            "Le code a remplacé des outils de Python dont les tests se servent.",
            observed="remplacé pendant le test : " + ", ".join(tampered),
            expected="un code qui utilise ces fonctions sans les remplacer",
            advice="les tests mesurent le temps avec leurs propres horloges, capturées avant "
            "l'import de ton code : remplacer celles de Python ne change pas la mesure. "
            "Retire ce remplacement.",
        )
    # The course's rules speak only when the test's own checks passed: those
    # say more precisely what went wrong.
    if graded.rules.violations and not request.node.stash.get(CALL_FAILED, True):
        broken = min(graded.rules.violations, key=lambda v: int(v.rule[1:]))
        graded.fail(
            broken.problem,
            call=broken.call,
            observed=broken.observed,
            expected=broken.expected,
            advice=broken.advice,
            requirement=broken.rule,
        )


def _base_exception_message(item: pytest.Item, error: BaseException) -> str:
    exercise = exercise_for_test_file(item.path)
    name = type(error).__name__
    return (
        f"[{exercise.number} · {exercise.title}] Le code a levé {name}, qui n'hérite pas "
        "d'Exception : au lieu d'être une erreur que le programme peut traiter, elle arrête "
        "tout (la boucle d'événements comprise).\n"
        f"  Observé  : {name}: {error}\n"
        "  Attendu  : une erreur ordinaire (ValueError, RuntimeError…), ou aucune\n"
        "  Conseil  : n'appelle pas sys.exit() ou exit() dans une fonction, et fais hériter tes "
        "exceptions d'Exception\n"
        f"  À relire : {exercise.sections_text()} dans cours/asyncio-concepts-de-base.md"
    )


_PYTEST_TIMEOUT = re.compile(r"Timeout \(>([0-9.]+)s\) from pytest-timeout")
_TIMEOUT_HELP = (
    "Le test a été arrêté au bout de {limit} : le code ne s'est jamais terminé.\n"
    "  Causes fréquentes : une boucle infinie, un `await` sur quelque chose qui n'arrive "
    "jamais, un appel bloquant (time.sleep, calcul très long) dans une coroutine."
)


def _timeout_help(item: pytest.Item, limit: float) -> str:
    text = _TIMEOUT_HELP.format(limit=f"{french.number(limit)} s")
    try:
        exercise = exercise_for_test_file(item.path)
    except ManifestError:
        return text  # not an exercise's test (the project's own unit tests)
    rerun = commands.run_one(exercise.number)
    return f"{text}\n  Lance cet exercice seul pour voir où il bloque : {rerun}"


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """With pytest-timeout's `thread` method (Windows has no SIGALRM), a hang
    ends the whole run with an English stack dump: say what happened first."""
    if settings.method != "thread":
        return None

    def expire() -> None:
        capture = item.config.pluginmanager.getplugin("capturemanager")
        if capture is not None:
            capture.suspend_global_capture(in_=True)
        writer = item.config.get_terminal_writer()
        writer.line(f"\n{item.nodeid}")
        writer.line(_timeout_help(item, settings.timeout))
        writer.line("  Ce test a arrêté toute la série : les tests suivants n'ont pas tourné.")
        pytest_timeout.timeout_timer(item, settings)  # stack dump, then exit

    timer = threading.Timer(settings.timeout, expire)
    timer.daemon = True

    def cancel() -> None:
        timer.cancel()
        timer.join()

    # pytest-timeout's own cancel hook calls item.cancel_timeout.
    setattr(item, "cancel_timeout", cancel)  # noqa: B010
    timer.start()
    return True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    graded = (getattr(item, "funcargs", None) or {}).get("student")
    endless = None
    if call.excinfo is not None and isinstance(graded, Student):
        # Before pytest describes the failure: a recursion without end of the
        # student's code leaves millions of frames it cannot describe.
        endless = graded.endless_recursion(call.excinfo.value)
        if endless is not None:
            call.excinfo = pytest.ExceptionInfo.from_exception(endless)
    report = yield
    # The timeline the test drew (tests/support/student.py, Student.show):
    # with the test's verdict, and with a teardown's failure (a course rule).
    drawn = graded.timeline if isinstance(graded, Student) else None
    if drawn is not None and (report.when == "call" or report.failed):
        report.user_properties.append((TIMELINE_PROPERTY, drawn.to_json()))
    stuck = _watchdog.fired if _watchdog is not None and report.when == "call" else None
    # A recursion without end that the watchdog stopped is told as what it
    # is, on its way to the memory cap, not as a loop blocked at one line.
    recursed = endless is not None or (isinstance(graded, Student) and graded.endless)
    if stuck is not None and not recursed:
        # Whatever the test saw after the interruption (or even if the student's
        # code swallowed it), the blocked loop is what went wrong.
        exercise = exercise_for_test_file(item.path)
        report.outcome = "failed"
        report.longrepr = stuck.message(
            f"[{exercise.number} · {exercise.title}]", exercise.sections_text()
        )
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    error = call.excinfo.value if call.excinfo is not None else None
    if (
        report.failed
        and isinstance(error, BaseException)
        and not isinstance(error, Exception | KeyboardInterrupt | OutcomeException)
    ):
        # SystemExit or a BaseException of the student's that escaped (from a
        # task, through the event loop): a traceback, in English, otherwise.
        report.longrepr = _base_exception_message(item, error)
        return report
    # pytest-timeout's own message is English and says nothing of the cause.
    timeout = _PYTEST_TIMEOUT.search(report.longreprtext) if report.failed else None
    if timeout:
        report.longrepr = _timeout_help(item, float(timeout[1]))
    return report

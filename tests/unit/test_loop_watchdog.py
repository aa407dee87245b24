"""The watchdog that names the line where a student's code blocks the event loop."""

from __future__ import annotations

import _thread
import asyncio
import importlib.util
import re
import signal
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tools.common import thread_clock
from tools.grading import loop_watchdog
from tools.grading.loop_watchdog import INTERRUPT_SIGNAL, StuckLoop, Watchdog, install

LIMIT = 0.3  # short, so that the tests are quick; the real one is longer
# How soon a stuck loop must be stopped: it tells the watchdog's stop from the
# stuck code's end (5 s or more). Under load the watchdog's thread is
# scheduled late: 1.32 s was seen with a stress and two self-checks beside.
STOPPED_WITHIN = LIMIT + 3.0


def student_module(tree: Path, source: str) -> ModuleType:
    """`source` as a module of the student's tree (its frames are the student's)."""
    tree.mkdir(exist_ok=True)
    path = tree / "copie.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"copie_{id(source)}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Callable[..., Watchdog]]:
    """A watchdog armed on tmp_path/eleve, its signal handler installed."""
    undo: list[Callable[[], None]] = []

    def make(**options: object) -> Watchdog:
        watchdog = Watchdog(limit=LIMIT, sample=0.02, **options)  # type: ignore[arg-type]
        undo.append(install(watchdog))
        watchdog.arm("ex99", tmp_path / "eleve", "[99 · essai]", "« Première coroutine »")
        return watchdog

    yield make
    for step in undo:
        step()


def test_an_infinite_loop_is_stopped_at_its_line(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        async def tourne():
            tours = 0
            while tours >= 0:
                tours += 1
        """,
    )
    watchdog = watching()
    start = time.monotonic()
    with pytest.raises(StuckLoop) as raised:
        asyncio.run(code.tourne())
    elapsed = time.monotonic() - start
    assert elapsed < STOPPED_WITHIN, elapsed
    stuck = watchdog.fired
    assert stuck is not None
    assert stuck.line in (4, 5), stuck
    assert stuck.function == "tourne", stuck
    assert stuck.code.startswith(("while tours", "tours += 1")), stuck
    message = str(raised.value)
    assert "[99 · essai] Le code bloque la boucle d'événements" in message
    assert f"copie.py, ligne {stuck.line}, dans tourne" in message
    assert "À relire" in message
    assert "« Première coroutine »" in message
    assert watchdog.stuck["ex99"] == stuck
    assert "Test non lancé" in stuck.later("[99 · essai]")


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX: a real signal")
@pytest.mark.parametrize(
    "miscounted", [False, True], ids=["compte_juste", "sommeil_compte_attente"]
)
def test_a_blocking_sleep_is_interrupted(
    tmp_path: Path,
    watching: Callable[..., Watchdog],
    request: pytest.FixtureRequest,
    miscounted: bool,
) -> None:
    """Also when the kernel counts the whole sleep as waiting for a CPU (it
    does now and then, tools/common/thread_clock.py): the thread, seen asleep
    at each sample, is blocked all the same."""
    if miscounted:
        if not thread_clock.available():
            pytest.skip("/proc/.../stat et schedstat (Linux)")
        request.getfixturevalue("sleeps_counted_as_waiting")
    code = student_module(
        tmp_path / "eleve",
        """
        import time

        async def dort():
            time.sleep(30)
        """,
    )
    watchdog = watching()
    start = time.monotonic()
    with pytest.raises(StuckLoop):
        asyncio.run(code.dort())
    assert time.monotonic() - start < STOPPED_WITHIN
    assert watchdog.fired is not None
    assert watchdog.fired.code == "time.sleep(30)"


def test_the_windows_way_stops_python_code(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    """Windows has no pthread_kill: _thread.interrupt_main runs the same handler."""
    code = student_module(
        tmp_path / "eleve",
        """
        async def tourne():
            while True:
                pass
        """,
    )
    watching(interrupt=lambda: _thread.interrupt_main(INTERRUPT_SIGNAL))
    with pytest.raises(StuckLoop):
        asyncio.run(code.tourne())


# The interruption can land between `travail(i)` and create_task: that one
# coroutine is never awaited, as the student's code left it.
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited")
def test_tasks_created_by_the_blocked_code_are_cancelled_unstarted(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        import asyncio

        async def lance_sans_fin(travail):
            taches = []
            i = 0
            while i < 2:
                taches.append(asyncio.create_task(travail(i)))
            return await asyncio.gather(*taches)
        """,
    )
    started = 0

    async def travail(numero: int) -> int:
        nonlocal started
        started += 1
        await asyncio.sleep(10)
        return numero

    async def scenario() -> list[asyncio.Task[object]]:
        with pytest.raises(StuckLoop):
            await code.lance_sans_fin(travail)
        await asyncio.sleep(0)  # the cancelled tasks end at their first step
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    watching()
    left = asyncio.run(scenario())
    # The interruption can land inside asyncio's call_soon while one task is
    # being created, before it is registered: that one may still start.
    assert started <= 1, f"{started} tâche(s) lancée(s) après l'interruption"
    assert len(left) <= started, left


def test_code_that_yields_is_never_taken_for_a_blocked_loop(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        import asyncio
        import time

        async def occupe(duree):
            fin = time.monotonic() + duree
            while time.monotonic() < fin:
                await asyncio.sleep(0)
            return "fini"
        """,
    )
    watchdog = watching()
    assert asyncio.run(code.occupe(4 * LIMIT)) == "fini"
    assert watchdog.fired is None


def test_many_short_blocking_steps_are_left_to_the_tests(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    """Each task blocks briefly (ex10's time.sleep before each answer): the
    loop is late, which the exercise's tests measure, but no code is stuck."""
    code = student_module(
        tmp_path / "eleve",
        """
        import asyncio
        import time

        async def pause():
            time.sleep(0.05)

        async def toutes():
            await asyncio.gather(*(pause() for _ in range(20)))
            return "fini"
        """,
    )
    watchdog = watching()
    assert asyncio.run(code.toutes()) == "fini"  # 1 s in one iteration of the loop
    assert watchdog.fired is None


@pytest.mark.parametrize(("wait_limit", "fires"), [(3.0, False), (0.5, True)])
def test_waiting_for_another_thread_counts_up_to_the_wait_limit(
    tmp_path: Path, watching: Callable[..., Watchdog], wait_limit: float, fires: bool
) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        import threading

        async def attend():
            threading.Event().wait(1.0)  # a pool's shutdown, future.result()…
            return "fini"
        """,
    )
    watchdog = watching(wait_limit=wait_limit)
    if fires:
        with pytest.raises(StuckLoop):
            asyncio.run(code.attend())
        assert watchdog.fired is not None
        assert "threading.Event().wait(1.0)" in watchdog.fired.code
    else:
        assert asyncio.run(code.attend()) == "fini"
        assert watchdog.fired is None


def test_a_block_outside_the_students_files_is_not_theirs(
    watching: Callable[..., Watchdog],
) -> None:
    watchdog = watching()

    async def harness() -> str:
        time.sleep(3 * LIMIT)  # noqa: ASYNC251 - the tests' own code, not the student's
        return "fini"

    assert asyncio.run(harness()) == "fini"
    assert watchdog.fired is None


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX: a real signal")
def test_the_tests_own_work_called_by_the_student_is_left_to_the_test(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    """ex07's stub runs the test's CPU job inline: that test measures the
    blocking itself and says so in its own words."""
    code = student_module(
        tmp_path / "eleve",
        """
        async def calcule_tout(travail, valeurs):
            return [travail(v) for v in valeurs]
        """,
    )

    def travail(valeur: int) -> int:
        time.sleep(LIMIT)  # the test's fake work, blocking on purpose
        return valeur

    watchdog = watching()
    assert asyncio.run(code.calcule_tout(travail, [1, 2, 3])) == [1, 2, 3]
    assert watchdog.fired is None


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX: a real signal")
def test_code_that_swallows_the_interruption_ends_the_process(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        import time

        arret = []

        async def tetu():
            while not arret:
                try:
                    time.sleep(0.01)
                except BaseException:
                    pass
        """,
    )
    ended: list[str] = []

    def end_process(message: str) -> None:  # instead of os._exit: stop the loop
        ended.append(message)
        code.arret.append(True)

    watching(give_up=0.5, end_process=end_process)
    asyncio.run(code.tetu())
    assert ended
    assert "Le code bloque la boucle d'événements" in ended[0]
    assert "copie.py, ligne" in ended[0]


def test_the_diagnostic_file_is_written_for_the_grader(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    target = tmp_path / "diagnostic.txt"
    code = student_module(
        tmp_path / "eleve",
        """
        async def tourne():
            while True:
                pass
        """,
    )
    watching(diagnostic=str(target))
    with pytest.raises(StuckLoop):
        asyncio.run(code.tourne())
    text = target.read_text(encoding="utf-8")
    assert "bloque la boucle" in text
    # The loop's line, or its body's from Python 3.14 on (no instruction is
    # left on `while True:` itself).
    assert re.search(r"copie\.py, ligne [34]\b", text), text


def test_a_disarmed_watchdog_does_nothing(tmp_path: Path) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        import time

        async def lent():
            time.sleep(0.6)
            return "fini"
        """,
    )
    watchdog = Watchdog(limit=0.2, sample=0.02)
    threads = sum(t.name == "loop-watchdog" for t in threading.enumerate())
    undo = install(watchdog)
    try:
        assert asyncio.run(code.lent()) == "fini"
        assert watchdog.fired is None
    finally:
        undo()
    assert sum(t.name == "loop-watchdog" for t in threading.enumerate()) == threads


def test_the_handler_is_put_back() -> None:
    before = signal.getsignal(INTERRUPT_SIGNAL)
    watchdog = Watchdog(limit=LIMIT)
    undo = install(watchdog)
    assert signal.getsignal(INTERRUPT_SIGNAL) is not before
    undo()
    assert signal.getsignal(INTERRUPT_SIGNAL) == before


def test_the_thread_that_runs_the_students_own_loop_is_watched_too(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    """ex01's main owns its loop and runs in a thread of its own
    (tests/support/premiere_coroutine.py): stopped there, at its line."""
    code = student_module(
        tmp_path / "eleve",
        """
        import asyncio

        async def tourne(noms):
            i = 0
            while i < len(noms):
                pass

        def main(noms):
            return asyncio.run(tourne(noms))
        """,
    )
    watchdog = watching()
    box: list[BaseException] = []

    def target() -> None:
        try:
            code.main(["Ada"])
        except BaseException as error:
            box.append(error)

    worker = threading.Thread(target=target, daemon=True)
    start = time.monotonic()
    worker.start()
    with loop_watchdog.watching(worker):
        worker.join(STOPPED_WITHIN + 1.0)
    assert not worker.is_alive(), "the student's thread was not interrupted"
    assert time.monotonic() - start < STOPPED_WITHIN
    assert box, "nothing raised in the student's thread"
    assert isinstance(box[0], StuckLoop), box
    stuck = watchdog.fired
    assert stuck is not None
    assert (stuck.function, stuck.line) in (("tourne", 6), ("tourne", 7)), stuck


def test_without_watching_it_the_other_thread_is_not_seen(
    tmp_path: Path, watching: Callable[..., Watchdog]
) -> None:
    code = student_module(
        tmp_path / "eleve",
        """
        import asyncio

        arret = []

        async def tourne():
            while not arret:
                pass
        """,
    )
    watchdog = watching()
    worker = threading.Thread(target=lambda: asyncio.run(code.tourne()), daemon=True)
    worker.start()
    time.sleep(LIMIT + 0.5)
    code.arret.append(True)
    worker.join(2)
    assert watchdog.fired is None


def test_a_recursion_too_deep_to_walk_is_stopped_within_the_limit(
    tmp_path: Path, watching: Callable[..., Watchdog], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each look walks at most MAX_WALK frames: past that, the loop's callback
    # below is out of reach, and the recursion is timed all the same (walking
    # its whole stack at each look let it reach the memory cap first). Here
    # the callback is never found, as if millions of frames hid it.
    monkeypatch.setattr(loop_watchdog, "MAX_WALK", 200)
    monkeypatch.setattr(loop_watchdog, "_CALLBACK", ("introuvable", "introuvable.py"))
    code = student_module(
        tmp_path / "eleve",
        """
        import time

        def profondeur(n, fin):
            if n >= 400:
                while time.monotonic() < fin:
                    time.sleep(0.001)
                return 0
            return profondeur(n + 1, fin) + 1

        async def descend():
            return profondeur(0, time.monotonic() + 5)
        """,
    )
    watchdog = watching()
    start = time.monotonic()
    with pytest.raises(StuckLoop):
        asyncio.run(code.descend())
    assert time.monotonic() - start < STOPPED_WITHIN
    assert watchdog.fired is not None
    assert watchdog.fired.function == "profondeur"
    # Said as a recursion without end, with the memory it would have filled.
    assert watchdog.fired.deep
    said = watchdog.fired.message("[04 · essai]", "« Coroutines vs Tasks »")
    assert "récursion sans fin" in said, said
    assert "Mémoire épuisée" in said, said

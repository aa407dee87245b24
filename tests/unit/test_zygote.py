"""The fork server (tools/grading/zygote.py): a forked pytest is the process
`python -m pytest` would have been, its exit and its kills reach the grader,
and anything unusual falls back to starting pytest the usual way."""

import contextlib
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tools.common.manifest import exercise_by_id
from tools.common.paths import ROOT, TREES
from tools.grading import grader, zygote
from tools.grading.processes import kill_group, start_in_group

pytestmark = [
    pytest.mark.bout_en_bout,  # see tests/unit/conftest.py
    pytest.mark.skipif(not zygote.available(), reason="le serveur de fork est propre à Linux"),
]

# A pytest plugin that writes down what the process looks like from inside.
PROBE = """
import gc, hashlib, json, os, random, signal, sys, threading, warnings
import multiprocessing.process


def state():
    main = sys.modules["__main__"]
    cwd = os.getcwd()
    fds = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            fds[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            pass
    streams = {}
    for name in ("stdin", "stdout", "stderr"):
        s = getattr(sys, f"__{name}__")
        streams[name] = [s.encoding, s.errors, s.line_buffering, s.write_through, s.isatty(),
                         s.seekable(), s.fileno(), type(s.buffer).__name__]
    handlers = {}
    for sig in signal.valid_signals():
        try:
            handler = signal.getsignal(sig)
        except (OSError, ValueError):
            continue
        handlers[str(sig)] = getattr(handler, "__qualname__", repr(handler))
    wakeup = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(wakeup)
    umask = os.umask(0o22)
    os.umask(umask)
    repository = sorted(
        f"{name}: {getattr(module, '__file__', None)}"
        for name, module in sys.modules.items()
        if name in ("tests", "tools", "conftest") or name.startswith(("tests.", "tools."))
        if not str(getattr(module, "__file__", "")).startswith(cwd)
    )
    return dict(
        path=sys.path, argv=sys.argv, orig_argv=sys.orig_argv, flags=repr(sys.flags),
        cwd=cwd, main=[main.__name__, getattr(main.__spec__, "name", None),
                       getattr(main, "__file__", None), sorted(main.__dict__)],
        mp_main=sys.modules.get("__mp_main__") is main, modules=sorted(sys.modules),
        not_from_workspace=repository, streams=streams, fds=fds, wakeup=wakeup,
        leader=[os.getpgrp() == os.getpid(), os.getsid(0) == os.getpid()],
        handlers=handlers, env=dict(os.environ), threads=threading.active_count(),
        gc=[gc.isenabled(), gc.get_threshold()], umask=umask,
        original_dir=multiprocessing.process.ORIGINAL_DIR,
        importer_cache=sorted(sys.path_importer_cache),
        meta_path=[type(f).__name__ for f in sys.meta_path],
        warnings=repr(warnings.filters), stdin=sys.__stdin__.read(),
        authkey=hashlib.sha256(bytes(multiprocessing.process.current_process().authkey)).hexdigest(),
        random=random.random(),
        signal_mask=sorted(map(int, signal.pthread_sigmask(signal.SIG_BLOCK, []))),
        nice=os.nice(0),
    )


def pytest_sessionstart(session):
    with open(os.environ["PROBE_OUT"] + ".start", "w", encoding="utf-8") as f:
        json.dump(state(), f, default=repr)


def pytest_sessionfinish(session):
    import multiprocessing.spawn

    out = state()
    out["spawn"] = multiprocessing.spawn.get_preparation_data("x")
    out["spawn"]["authkey"] = out["authkey"]
    with open(os.environ["PROBE_OUT"] + ".finish", "w", encoding="utf-8") as f:
        json.dump(out, f, default=repr)
"""


@pytest.fixture
def server(tmp_path):
    started = []

    def start(env):
        work = tmp_path / f"serveur{len(started)}"
        work.mkdir()
        started.append(zygote.ForkServer.start(work, env, ["PROBE_OUT", "SORTIE"]))
        assert started[-1] is not None
        return started[-1]

    yield start
    for server in started:
        server.close()
        assert server.process.returncode == 0


def run(process, timeout=60):
    """As the grader does: wait up to `timeout`, then kill the group."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    kill_group(process)
    process.wait()
    return process.returncode


def test_a_forked_pytest_is_the_process_python_m_pytest_would_be(tmp_path, server):
    (tmp_path / "sonde").mkdir()
    (tmp_path / "sonde" / "sonde.py").write_text(PROBE, encoding="utf-8")
    env = {**grader.pytest_environment(), "PYTHONPATH": str(tmp_path / "sonde")}
    fork_server = server(env)
    states = {}
    counts: dict[str, int] = {}
    for way in ("subprocess", "fork", "fork2"):
        workspace = grader.make_workspace(
            exercise_by_id("ex02_gather"), TREES["solutions"], tmp_path / way
        )
        command = [
            sys.executable, "-m", "pytest", f"--tree={workspace.tree}", "-p", "sonde",
            "-p", "no:cacheprovider", "-q",
            *(str(f.relative_to(workspace.root)) for f in workspace.test_files),
        ]  # fmt: skip
        child_env = {**env, "PROBE_OUT": str(tmp_path / way)}
        with (tmp_path / f"{way}.log").open("wb") as log:
            if way == "subprocess":
                process = start_in_group(command, cwd=workspace.root, env=child_env, output=log)
            else:
                process = fork_server.spawn(command, cwd=workspace.root, env=child_env, output=log)
            assert run(process) == 0, (tmp_path / f"{way}.log").read_text(encoding="utf-8")
        passed = re.search(
            r"(\d+) passed in", (tmp_path / f"{way}.log").read_text(encoding="utf-8")
        )
        assert passed, (tmp_path / f"{way}.log").read_text(encoding="utf-8")
        counts[way] = int(passed.group(1))
        for phase in ("start", "finish"):
            text = (tmp_path / f"{way}.{phase}").read_text(encoding="utf-8")
            states[way, phase] = json.loads(text.replace(f"/{way}/", "/WAY/"))
    assert len(set(counts.values())) == 1, counts  # the same tests, all passed, each way
    for phase in ("start", "finish"):
        started, forked, again = (states[way, phase] for way in ("subprocess", "fork", "fork2"))
        assert started["not_from_workspace"] == []
        assert started["leader"] == [True, True]
        # A new multiprocessing key and random state in each child.
        assert len({started["authkey"], forked["authkey"], again["authkey"]}) == 3
        assert forked["random"] != again["random"]
        for state in (started, forked):
            for key in ("authkey", "random"):
                del state[key]
            if phase == "finish":
                del state["spawn"]["authkey"]
            state["env"].pop("PROBE_OUT")
            state["fds"] = sorted(state["fds"])  # the same descriptors, to other files
            state["importer_cache"].sort()  # sorted again once the folders are renamed
        for key in started:
            assert forked[key] == started[key], key


TESTS = {
    "test_sortie.py": "import os\n\ndef test_x():\n    os._exit(5)\n",
    "test_attente.py": """
        import os, subprocess, sys, time

        def test_x():
            # A grandchild in the same group, then a hang.
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            with open(os.environ["SORTIE"], "w") as f:
                f.write(str(child.pid))
            time.sleep(120)
    """,
    "test_reste.py": """
        import os, subprocess, sys

        def test_x():
            # A grandchild left behind by a run that ends normally.
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            with open(os.environ["SORTIE"], "w") as f:
                f.write(str(child.pid))
    """,
}


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "projet"
    folder.mkdir()
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for name, source in TESTS.items():
        (folder / name).write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


def pytest_command(test_file):
    return [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", test_file]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.is_file() and "zombie" in status.read_text(encoding="utf-8"))


def gone(pid, patience=5.0):
    deadline = time.monotonic() + patience
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def test_exit_code_hang_and_leftovers_reach_the_grader(tmp_path, server, project):
    env = dict(grader.pytest_environment())
    fork_server = server(env)
    sortie = tmp_path / "petit-enfant"
    child_env = {**env, "SORTIE": str(sortie)}
    with (tmp_path / "log").open("wb") as log:
        child = fork_server.spawn(
            pytest_command("test_sortie.py"), cwd=project, env=child_env, output=log
        )
        assert run(child) == 5
        # A hang: the grader's kill takes the whole group.
        child = fork_server.spawn(
            pytest_command("test_attente.py"), cwd=project, env=child_env, output=log
        )
        deadline = time.monotonic() + 60
        while not sortie.is_file() and time.monotonic() < deadline:
            with pytest.raises(subprocess.TimeoutExpired):
                child.wait(timeout=0.05)
        grandchild = int(sortie.read_text(encoding="utf-8"))
        assert child.poll() is None
        assert os.getpgid(grandchild) == child.pid
        assert run(child, timeout=0) == -9
        assert gone(grandchild)
        # Stragglers of a run that ended are killed with its group too.
        sortie.unlink()
        child = fork_server.spawn(
            pytest_command("test_reste.py"), cwd=project, env=child_env, output=log
        )
        assert child.wait(timeout=60) == 0
        assert gone(int(sortie.read_text(encoding="utf-8")))
    assert not fork_server.broken


def test_a_request_from_another_environment_is_refused(tmp_path, server, project):
    env = dict(grader.pytest_environment())
    fork_server = server(env)
    with (tmp_path / "log").open("wb") as log:
        with pytest.raises(zygote.ForkServerError, match="PYTHONHASHSEED"):
            fork_server.spawn(
                pytest_command("test_sortie.py"),
                cwd=project,
                env={**env, "PYTHONHASHSEED": "1"},
                output=log,
            )
        assert not fork_server.broken  # that request only: the next one is served
        child = fork_server.spawn(
            pytest_command("test_sortie.py"), cwd=project, env=env, output=log
        )
        assert run(child) == 5


def test_a_dead_server_is_not_asked_again(tmp_path, project):
    env = dict(grader.pytest_environment())
    fork_server = zygote.ForkServer.start(tmp_path, env)
    assert fork_server is not None
    fork_server.process.kill()
    fork_server.process.wait()
    with (tmp_path / "log").open("wb") as log, pytest.raises(zygote.ForkServerError):
        fork_server.spawn(pytest_command("test_sortie.py"), cwd=project, env=env, output=log)
    assert fork_server.broken
    fork_server.close()


def test_a_run_whose_server_died_is_graded_again_without_it(tmp_path, monkeypatch):
    exercise = exercise_by_id("ex02_gather")
    work = tmp_path / "notation"
    work.mkdir()
    fork_server = zygote.ForkServer.start(
        work, grader.pytest_environment(), list(grader.PER_RUN_VARIABLES)
    )
    assert fork_server is not None
    spawn = fork_server.spawn
    forked = []

    def spawn_then_die(*args, **kwargs):
        child = spawn(*args, **kwargs)
        forked.append(child)
        fork_server.process.kill()  # with a child running
        return child

    monkeypatch.setattr(fork_server, "spawn", spawn_then_die)
    workspace = grader.make_workspace(exercise, TREES["solutions"], work)
    try:
        run_ = grader.run_pytest(exercise, workspace, work, "jeton", 60.0, fork_server)
    finally:
        fork_server.close()
    assert forked
    assert forked[0].lost
    assert fork_server.broken
    assert gone(forked[0].pid)
    assert run_.results is not None
    assert run_.results.trusted
    assert run_.results.complete
    assert len(run_.results.cases) == run_.results.collected
    assert run_.returncode == 0


def test_the_server_refuses_to_run_with_the_repository_imported(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-c",
         f"import tests, runpy; runpy.run_path({str(zygote.SERVER_FILE)!r}, run_name='__main__')",
         "0"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=60,
    )  # fmt: skip
    assert completed.returncode == 1
    assert "ne doit pas être importé" in completed.stderr

"""The re-grade's sandbox (tools/teacher/sandbox.py), on this machine.

What a submission sees inside is checked by running a small program there;
the exfiltration corpus (tools/maintainer/exfiltration.py) checks the same
through a whole re-grade.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.common.paths import ROOT
from tools.grading.limits import MAX_MEMORY_BYTES
from tools.teacher import sandbox as sandbox_module
from tools.teacher.sandbox import MAX_PROCESSES, Sandbox, SandboxUnavailable

try:
    SANDBOX: Sandbox | None = Sandbox.find()
    WHY = ""
except SandboxUnavailable as exc:
    SANDBOX, WHY = None, str(exc)
needs_sandbox = pytest.mark.skipif(SANDBOX is None, reason=f"pas de bac à sable ici : {WHY}")

# What a program sees of the network, run inside the sandbox (INSIDE) and, for
# contrast, outside it. Nothing is sent: a UDP connect() only picks a route. A
# name that does not resolve tells the reachable resolver (EAI_NONAME) from the
# one that cannot be reached (EAI_AGAIN), whatever the name: this machine may
# resolve none but a few names.
NETWORK = r"""
import socket
seen["interfaces"] = [name for _, name in socket.if_nameindex()]
try:
    socket.getaddrinfo("github.com", 443)
    seen["dns"] = "resolved"
except socket.gaierror as exc:
    seen["dns"] = "unknown name" if exc.errno == socket.EAI_NONAME else "no resolver"
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
    try:
        probe.connect(("1.1.1.1", 53))
        seen["route"] = True
    except OSError:
        seen["route"] = False
"""

INSIDE = r"""
import json, os, resource, socket, sys
seen = {}
NETWORK = sys.argv[4]
seen["home"] = sorted(os.listdir(sys.argv[1])) if os.path.isdir(sys.argv[1]) else []
seen["repository"] = os.path.exists(sys.argv[2])
seen["cwd"] = os.getcwd()
with open("ecrit.txt", "w") as f:
    f.write("ok")
seen["tmp"] = sorted(os.listdir("/tmp"))
try:
    open(sys.argv[3], "w").close()
    seen["outside_write"] = True
except OSError:
    seen["outside_write"] = False
exec(NETWORK)
server = socket.create_server(("127.0.0.1", 0))
socket.create_connection(server.getsockname(), timeout=2).close()
seen["loopback"] = True
seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
seen["nproc"] = resource.getrlimit(resource.RLIMIT_NPROC)[0]
seen["data"] = resource.getrlimit(resource.RLIMIT_DATA)[0]
seen["uid"] = os.getuid()
import concurrent.futures, multiprocessing
for method in multiprocessing.get_all_start_methods():
    context = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        seen["pool_" + method] = list(pool.map(abs, [-1, -2]))
print(json.dumps(seen))
"""


@needs_sandbox
def test_inside_only_the_workspace_exists_and_no_network(tmp_path: Path) -> None:
    assert SANDBOX is not None
    workspace = tmp_path / "copie"
    workspace.mkdir()
    outside = tmp_path / "dehors.txt"
    uid = SANDBOX.prepare(workspace)
    command = SANDBOX.command(
        [
            sys.executable,
            "-c",
            INSIDE,
            str(Path.home()),
            str(ROOT / "solutions"),
            str(outside),
            NETWORK,
        ],
        workspace,
        {"PATH": "/usr/bin:/bin"},
        uid,
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    # The teacher's HOME: at most the folders that lead to the interpreter.
    home = Path.home()
    leading = {
        Path(path).relative_to(home).parts[0]
        for path in SANDBOX.python_paths
        if Path(path).is_relative_to(home)
    }
    assert set(seen["home"]) <= leading
    assert seen["repository"] is False  # the teacher's solutions/
    assert seen["cwd"] == str(workspace.resolve())
    assert (workspace / "ecrit.txt").read_text(encoding="utf-8") == "ok"
    # Its own /tmp: nothing of the machine's but the paths down to the
    # workspace and to the interpreter (a clone under /tmp, as in CI).
    leading_to = {
        Path(path).relative_to("/tmp").parts[0]
        for path in (str(workspace.resolve()), *SANDBOX.python_paths)
        if Path(path).is_relative_to("/tmp")
    }
    assert set(seen["tmp"]) == leading_to
    assert seen["outside_write"] is False
    assert not outside.exists()
    # No network but loopback: no other interface, no resolver, no route out.
    assert seen["interfaces"] == ["lo"]
    assert seen["dns"] == "no resolver"
    assert seen["route"] is False
    assert seen["loopback"] is True
    assert len(seen["pids"]) <= 4  # its own PID namespace: bwrap, prlimit/setpriv's exec, python
    assert seen["nproc"] == MAX_PROCESSES
    assert seen["data"] == MAX_MEMORY_BYTES
    if os.geteuid() == 0:
        assert seen["uid"] == uid != 0
    # Process pools work, whatever their start method (ex07).
    pools = {key: value for key, value in seen.items() if key.startswith("pool_")}
    assert pools
    assert all(value == [1, 2] for value in pools.values())


def test_outside_the_sandbox_the_network_probe_sees_the_machines_network() -> None:
    # Proof that the network checks above can fail: the same probe, run
    # without the sandbox, sees what the sandbox hides.
    done = subprocess.run(
        [sys.executable, "-c", "import json\nseen = {}\n" + NETWORK + "\nprint(json.dumps(seen))"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    seen = json.loads(done.stdout)
    if seen["interfaces"] == ["lo"]:
        pytest.skip("cette machine n'a pas d'interface réseau autre que lo")
    assert set(seen["interfaces"]) - {"lo"}
    if seen["route"]:  # a machine with a way out (this one has): its resolver answers
        assert seen["dns"] in ("resolved", "unknown name")


def test_the_command_hides_the_machine_and_keeps_loopback_only(tmp_path: Path) -> None:
    box = Sandbox("/usr/bin/bwrap", as_root=False, python_paths=("/opt/python",))
    command = box.command(["python", "-c", "pass"], tmp_path, {"PATH": "/usr/bin", "LANG": "C"})
    assert command[0] == "/usr/bin/bwrap"
    assert "--unshare-all" in command  # network, PID, IPC…: user namespace as a normal user
    assert "--share-net" not in command
    assert "--die-with-parent" in command
    assert "--clearenv" in command
    binds = [command[i + 1] for i, arg in enumerate(command) if arg in ("--bind", "--ro-bind")]
    assert str(Path.home()) not in binds
    assert str(ROOT) not in binds
    assert binds.count(str(tmp_path.resolve())) == 1  # the only writable one
    writable = [command[i + 1] for i, arg in enumerate(command) if arg == "--bind"]
    assert writable == [str(tmp_path.resolve())]
    assert command[-3:] == ["python", "-c", "pass"]
    assert f"--nproc={MAX_PROCESSES}" in command
    env = {command[i + 1]: command[i + 2] for i, arg in enumerate(command) if arg == "--setenv"}
    assert env == {"PATH": "/usr/bin", "LANG": "C", "HOME": "/tmp", "TMPDIR": "/tmp"}


def test_an_interpreter_under_tmp_is_not_hidden_by_the_sandboxs_own_tmp(tmp_path: Path) -> None:
    # CI clones the repository under /tmp: its virtual environments live there.
    box = Sandbox("/usr/bin/bwrap", as_root=False, python_paths=("/tmp/clone/.nox/venv",))
    command = box.command(["python"], tmp_path, {})
    tmpfs = command.index("/tmp", command.index("--tmpfs", command.index("/dev/shm")))
    assert tmpfs < command.index("/tmp/clone/.nox/venv")


def test_as_root_each_submission_gets_a_user_of_its_own(tmp_path: Path) -> None:
    box = Sandbox("/usr/bin/bwrap", as_root=True, python_paths=())
    command = box.command(["python"], tmp_path, {}, 200_123)
    assert "--unshare-all" not in command  # no user namespace: root inside would stay root
    assert "--unshare-net" in command
    setpriv = ["setpriv", "--reuid=200123", "--regid=200123", "--clear-groups", "--"]
    assert command[-6:] == [*setpriv, "python"]
    with pytest.raises(ValueError, match="identifiant"):
        box.command(["python"], tmp_path, {})


def test_a_missing_bwrap_names_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    with pytest.raises(SandboxUnavailable) as caught:
        Sandbox.find()
    message = str(caught.value)
    assert "bubblewrap" in message
    assert "--sans-isolation" in message
    assert "GitHub Actions" in message


def test_elsewhere_than_linux_there_is_no_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(SandboxUnavailable, match="Linux"):
        Sandbox.find()


def test_a_bwrap_that_refuses_to_run_is_caught_by_the_probe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "bwrap"
    fake.write_text(
        "#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n"
    )
    fake.chmod(0o755)
    box = Sandbox(str(fake), as_root=False, python_paths=())
    with pytest.raises(SandboxUnavailable, match="refuse") as caught:
        box.probe()
    # The fix the guide gives for Ubuntu, and the choices.
    assert "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0" in str(caught.value)
    assert "--sans-isolation" in str(caught.value)


def test_ci_on_linux_has_a_sandbox() -> None:
    if not (sys.platform.startswith("linux") and os.environ.get("CI")):
        pytest.skip("seulement en CI sous Linux, où bubblewrap est installé")
    assert SANDBOX is not None, WHY

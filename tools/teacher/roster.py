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
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

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
    if match is None or match["scheme"].lower() not in SCHEMES or not urlsplit(base).hostname:
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
        when = datetime.fromisoformat(f"{match['date']}T{match['time']}{offset}")
    except ValueError:
        raise RosterError(
            f"date limite « {cleaned} » impossible (jour, heure ou décalage hors limites) ; "
            f"{DEADLINE_EXPECTED}"
        ) from None
    return when if when.tzinfo is not None else when.astimezone()

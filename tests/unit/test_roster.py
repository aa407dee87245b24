"""The roster of the re-grade (tools/teacher/roster.py): reading it and the deadline."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tools.teacher import roster
from tools.teacher.roster import RosterError

TOKEN = "s3cr3t-jeton-4242"


# -- reading the roster --------------------------------------------------------------


def write_roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "classe.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_kind_of_line(tmp_path: Path) -> None:
    path = write_roster(
        tmp_path,
        "\n".join(
            [
                "# Groupe A",
                "",
                "  https://github.com/ada/asyncio-ada.git  ",
                "git@github.com:brice/asyncio-brice.git",
                "ssh://git@git.example.org:2222/classe/chloe.git/",
                "file:///srv/depots/dan.git",
                "./depots/eve.git   # rendu en retard",
                "/srv/depots/farid",
                "github-user/asyncio-gaelle",
                "http://forge.example.org/hugo/asyncio-hugo",
            ]
        ),
    )
    entries = roster.read_roster(path, "https://github.com/")
    assert [e.line for e in entries] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert [e.folder for e in entries] == [
        "asyncio-ada", "asyncio-brice", "chloe", "dan", "eve", "farid",
        "github-user_asyncio-gaelle", "asyncio-hugo",
    ]  # fmt: skip
    urls = [e.url for e in entries]
    assert urls[0] == "https://github.com/ada/asyncio-ada.git"
    assert urls[1] == "git@github.com:brice/asyncio-brice.git"
    assert urls[3] == "file:///srv/depots/dan.git"
    # A relative path is read from the roster's folder, wherever the command runs.
    assert Path(urls[4]) == tmp_path / "depots" / "eve.git"
    assert urls[6] == "https://github.com/github-user/asyncio-gaelle.git"
    assert [e.display for e in entries] == urls  # no credential anywhere: shown as they are


def test_owner_name_needs_a_base_url(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "https://github.com/ada/x.git\nbrice/asyncio-brice\n")
    with pytest.raises(RosterError, match="ligne 2") as caught:
        roster.read_roster(path, None)
    assert "« brice/asyncio-brice » est de la forme propriétaire/nom" in str(caught.value)
    assert "--base-url https://github.com" in str(caught.value)
    entries = roster.read_roster(path, "https://gitlab.example.org")
    assert entries[1].url == "https://gitlab.example.org/brice/asyncio-brice.git"


def test_owner_name_with_dot_git_is_not_doubled(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "ada/asyncio-ada.git\n")
    [entry] = roster.read_roster(path, "https://github.com")
    assert entry.url == "https://github.com/ada/asyncio-ada.git"
    assert entry.folder == "ada_asyncio-ada"


@pytest.mark.parametrize("base_url", ["github.com", "ftp://example.org", "https://", ""])
def test_a_bad_base_url_is_refused(tmp_path: Path, base_url: str) -> None:
    path = write_roster(tmp_path, "ada/asyncio-ada\n")
    with pytest.raises(RosterError, match=r"--base-url : .* n'est pas l'adresse d'un serveur git"):
        roster.read_roster(path, base_url)


@pytest.mark.parametrize(
    "second",
    [
        "https://github.com/ada/asyncio-ada.git",  # the same line
        "https://github.com/Ada/asyncio-ada",  # GitHub ignores case; no .git
        "ada/asyncio-ada",  # owner/name with the base URL
        "https://x:tok@github.com/ada/asyncio-ada.git/",  # credentials, a trailing slash
    ],
)
def test_a_repository_listed_twice_is_refused(tmp_path: Path, second: str) -> None:
    path = write_roster(tmp_path, f"# classe\nhttps://github.com/ada/asyncio-ada.git\n{second}\n")
    with pytest.raises(RosterError) as caught:
        roster.read_roster(path, "https://github.com")
    assert "ligne 3 : " in str(caught.value)
    assert "est déjà à la ligne 2" in str(caught.value)
    assert "tok" not in str(caught.value)


def test_a_local_path_and_its_file_url_are_one_repository(tmp_path: Path) -> None:
    path = write_roster(tmp_path, f"{(tmp_path / 'ada.git').as_uri()}\n./ada.git\n")
    with pytest.raises(RosterError, match=r"ligne 2 : .* est déjà à la ligne 1"):
        roster.read_roster(path, None)


def test_every_bad_line_is_reported_at_once(tmp_path: Path) -> None:
    path = write_roster(
        tmp_path,
        "\n".join(
            [
                "https://github.com/ada/asyncio-ada.git",
                "pas un dépôt",  # 2: spaces
                "ftp://example.org/ada.git",  # 3: protocol
                "a/b/c",  # 4: neither owner/name nor a path
                "https://",  # 5: no server
                "https://github.com/",  # 6: no repository name
                "juste-un-nom",  # 7
                "https://eleve:s3cr3t-jeton@github.com",  # 8: a token in a bad line
            ]
        ),
    )
    with pytest.raises(RosterError) as caught:
        roster.read_roster(path, "https://github.com")
    message = str(caught.value)
    assert message.startswith(f"liste des dépôts {path} :\n")
    lines = message.splitlines()[1:]
    assert [line.split(" : ")[0].strip() for line in lines] == [f"ligne {n}" for n in range(2, 9)]
    assert "protocole « ftp » non pris en charge" in lines[1]
    assert "il manque le serveur" in lines[3]
    assert "il manque le nom du dépôt" in lines[4]
    assert all("attendu : une adresse git" in lines[i] for i in (0, 2, 5))
    assert "s3cr3t" not in message


def test_an_empty_roster_is_refused(tmp_path: Path) -> None:
    path = write_roster(tmp_path, "# personne encore\n\n   \n")
    with pytest.raises(RosterError, match="ne contient aucun dépôt"):
        roster.read_roster(path, None)


def test_an_unreadable_roster(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="impossible de lire la liste"):
        roster.read_roster(tmp_path / "absente.txt", None)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("https://example.org/élève.git\n".encode("latin-1"))
    with pytest.raises(RosterError, match="n'est pas un fichier texte UTF-8"):
        roster.read_roster(latin1, None)


def test_a_windows_roster_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "classe.txt"
    path.write_bytes("\ufeff# classe\r\nada/asyncio-ada\r\nbrice/asyncio-brice\r\n".encode())
    entries = roster.read_roster(path, "https://github.com")
    assert [(e.line, e.folder) for e in entries] == [
        (2, "ada_asyncio-ada"),
        (3, "brice_asyncio-brice"),
    ]


def test_folder_names_are_unique_whatever_the_case() -> None:
    assert roster.folder_names(
        ["asyncio", "asyncio", "Asyncio", "a b&c", "...", "con", "Nul.txt", "élève"]
    ) == ["asyncio", "asyncio-2", "Asyncio-3", "a_b_c", "depot", "con_", "Nul.txt_", "élève"]


def test_two_owners_with_one_repository_name(tmp_path: Path) -> None:
    path = write_roster(
        tmp_path,
        "https://github.com/ada/asyncio.git\nhttps://gitlab.com/ada/asyncio\nbrice/asyncio\n",
    )
    entries = roster.read_roster(path, "https://github.com")
    assert [e.folder for e in entries] == ["asyncio", "asyncio-2", "brice_asyncio"]


def test_a_token_in_a_url_is_never_shown(tmp_path: Path) -> None:
    path = write_roster(
        tmp_path,
        f"https://eleve:{TOKEN}@github.com/ada/asyncio-ada.git\n"
        f"https://{TOKEN}@github.com/brice/asyncio-brice.git\n"
        f"ssh://git:{TOKEN}@example.org/chloe.git\n"
        "ssh://git@example.org/dan.git\n",
    )
    entries = roster.read_roster(path, None)
    assert TOKEN in entries[0].url  # git needs it for the clone
    assert [e.display for e in entries] == [
        "https://github.com/ada/asyncio-ada.git",
        "https://github.com/brice/asyncio-brice.git",
        "ssh://git@example.org/chloe.git",
        "ssh://git@example.org/dan.git",  # ssh's user name is no secret
    ]
    assert all(TOKEN not in repr(e) for e in entries)


def test_hide_credentials_in_any_text() -> None:
    said = (
        f"fatal: unable to access 'https://eleve:{TOKEN}@example.org/x.git/' and "
        f"eleve:{TOKEN}@example.org:x.git"
    )
    hidden = roster.hide_credentials(said, roster.secrets_of(f"https://eleve:{TOKEN}@e/x"))
    assert TOKEN not in hidden
    assert "https://***@example.org/x.git/" in hidden
    assert roster.hide_credentials("git@github.com:ada/x.git") == "git@github.com:ada/x.git"


# -- the deadline ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-12-15 23:59", "2026-12-15T23:59", " 2026-12-15 23:59:00 "])
def test_a_deadline_without_offset_is_local_time(text: str) -> None:
    assert roster.parse_deadline(text) == datetime(2026, 12, 15, 23, 59).astimezone()
    assert roster.parse_deadline(text).tzinfo is not None


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("2026-12-15 23:59+01:00", 1),
        ("2026-12-15T23:59+0100", 1),
        ("2026-12-15 23:59 -05:00", -5),
        ("2026-12-15T23:59Z", 0),
    ],
)
def test_a_deadline_with_an_offset(text: str, hours: int) -> None:
    zone = timezone(timedelta(hours=hours))
    assert roster.parse_deadline(text) == datetime(2026, 12, 15, 23, 59, tzinfo=zone)
    assert roster.parse_deadline(text).utcoffset() == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("15/12/2026 23:59", "illisible"),
        ("2026-12-15", "illisible"),
        ("demain", "illisible"),
        ("2026-02-30 12:00", "impossible"),
        ("2026-12-15 24:00", "impossible"),
        ("2026-12-15 23:59+25:00", "impossible"),
    ],
)
def test_a_bad_deadline_is_refused_in_french(text: str, why: str) -> None:
    with pytest.raises(RosterError, match=f"date limite « .* » {why}") as caught:
        roster.parse_deadline(text)
    assert "attendu : AAAA-MM-JJ HH:MM" in str(caught.value)

"""The roster of the re-grade (tools/teacher/roster.py): reading it, the
deadline, and cloning local bare repositories (file://) at the deadline.

Every git call runs with a temporary HOME and no system configuration: the
teacher's own git configuration never matters here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tools.teacher import roster
from tools.teacher.roster import RosterEntry, RosterError

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git est introuvable")

DEADLINE = "2026-12-15T23:59:00+01:00"
TOKEN = "s3cr3t-jeton-4242"
# Committer dates of ada's default branch, oldest first, and whether each one
# is before the deadline (2026-12-15 23:59 at +01:00).
ADA_HISTORY = [
    ("2026-12-10T10:00:00+01:00", True),
    ("2026-12-16T00:30:00+02:00", True),  # 23:30 at +01:00: the day on the clock is no matter
    ("2026-12-15T23:59:00+01:00", True),  # the deadline itself, to the second
    ("2026-12-15T23:59:01+01:00", False),
    ("2026-12-15T23:30:00+00:00", False),  # 00:30 the next day at +01:00
    ("2026-12-17T09:00:00+01:00", False),
]


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


# -- git's messages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stderr", "start"),
    [
        (
            "remote: Repository not found.\n"
            "fatal: repository 'https://github.com/ada/tls-proxy.git/' not found\n",
            "dépôt introuvable : ",
        ),
        (
            "fatal: could not read Username for 'https://github.com': terminal prompts disabled\n",
            "accès refusé à ",
        ),
        (
            "git@github.com: Permission denied (publickey).\n"
            "fatal: Could not read from remote repository.\n",
            "accès refusé à ",
        ),
        (
            "fatal: unable to access 'https://github.com/ada/x.git/': "
            "Could not resolve host: github.com\n",
            "réseau : ",
        ),
        ("fatal: something else entirely\n", "échec du clonage de "),
    ],
    ids=["introuvable", "https-sans-identifiants", "ssh-refuse", "reseau", "autre"],
)
def test_why_a_clone_failed(stderr: str, start: str) -> None:
    assert roster.clone_failure(stderr, "https://github.com/ada/x.git").startswith(start)


# -- cloning -------------------------------------------------------------------------------


def run_git(env: dict[str, str], cwd: Path, *args: str, when: str | None = None) -> str:
    dated = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else env
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=dated, capture_output=True, text=True,
        encoding="utf-8", check=True, timeout=60,
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roster")


@pytest.fixture(scope="module")
def git_env(sandbox: Path) -> dict[str, str]:
    """An environment where only this HOME's configuration counts: an
    identity, `main`, a template hook that must never run in a clone, and
    https://eleve:TOKEN@example.invalid/ served from the local repositories."""
    home = sandbox / "home"
    hooks = home / "modele" / "hooks"
    hooks.mkdir(parents=True)
    hook = hooks / "post-checkout"
    marker = (sandbox / "un-hook-a-tourne").as_posix()
    hook.write_text(f'#!/bin/sh\necho "$PWD" >> "{marker}"\n', encoding="utf-8")
    hook.chmod(0o755)
    repos = (sandbox / "depots").as_uri() + "/"
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Élève\n\temail = eleve@example.org\n"
        "[init]\n\tdefaultBranch = main\n"
        f"\ttemplateDir = {(home / 'modele').as_posix()}\n"
        "[commit]\n\tgpgsign = false\n"
        f'[url "{repos}"]\n\tinsteadOf = https://eleve:{TOKEN}@example.invalid/\n',
        encoding="utf-8",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    env.update(
        HOME=str(home), USERPROFILE=str(home), XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
    )  # fmt: skip
    return env


def bare_repository(env: dict[str, str], parent: Path, name: str, dates: list[str]) -> Path:
    """parent/name.git, whose main branch has one commit per date (committer
    and author), each writing its date into exercises/ex01.py."""
    parent.mkdir(exist_ok=True)
    bare = parent / f"{name}.git"
    run_git(env, parent, "init", "-q", "--bare", bare.name)
    if dates:
        work = parent / f"{name}-travail"
        run_git(env, parent, "init", "-q", work.name)
        (work / "exercises").mkdir()
        for when in dates:
            (work / "exercises" / "ex01.py").write_text(f"# {when}\n", encoding="utf-8")
            run_git(env, work, "add", "-A")
            run_git(env, work, "commit", "-q", "-m", f"rendu du {when}", when=when)
        run_git(env, work, "push", "-q", str(bare), "main")
    return bare


@pytest.fixture(scope="module")
def repos(git_env: dict[str, str], sandbox: Path) -> dict[str, Path]:
    if GIT is None:
        pytest.skip("git est introuvable")
    parent = sandbox / "depots"
    return {
        "ada": bare_repository(git_env, parent, "ada", [d for d, _ in ADA_HISTORY]),
        "tardif": bare_repository(git_env, parent, "tardif", ["2026-12-16T08:00:00+01:00"]),
        "vide": bare_repository(git_env, parent, "vide", []),
    }


def entry(url: str, folder: str) -> RosterEntry:
    return RosterEntry(line=1, url=url, display=roster._strip_userinfo(url), folder=folder)


def committed(clone: Path) -> str:
    return (clone / "exercises" / "ex01.py").read_text(encoding="utf-8")


def no_hook_ran(sandbox: Path) -> bool:
    return not (sandbox / "un-hook-a-tourne").exists()


@needs_git
def test_the_last_commit_before_the_deadline_is_checked_out(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path, sandbox: Path
) -> None:
    result = roster.clone_at(
        entry(repos["ada"].as_uri(), "ada"), tmp_path, roster.parse_deadline(DEADLINE), env=git_env
    )
    assert result.ok, result.error
    kept = [d for d, before in ADA_HISTORY if before]
    assert result.folder == tmp_path / "ada"
    assert committed(result.folder) == f"# {kept[-1]}\n"
    assert result.date == kept[-1]
    assert result.ignored == len(ADA_HISTORY) - len(kept)
    assert result.commit == run_git(git_env, result.folder, "rev-parse", "HEAD")
    assert run_git(git_env, result.folder, "status", "--porcelain") == ""
    assert "3 commit(s) plus récent(s) ignoré(s)" in result.describe()
    assert no_hook_ran(sandbox)


@needs_git
def test_without_a_deadline_the_newest_commit(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path, sandbox: Path
) -> None:
    result = roster.clone_at(entry(str(repos["ada"]), "ada"), tmp_path, None, env=git_env)
    assert result.ok, result.error
    newest = ADA_HISTORY[-1][0]
    assert (result.date, result.ignored) == (newest, 0)
    assert committed(result.folder) == f"# {newest}\n"
    assert run_git(git_env, result.folder, "symbolic-ref", "--short", "HEAD") == "main"
    assert result.describe() == f"ada : commit {result.commit[:12]} du {newest}"
    assert no_hook_ran(sandbox)


@needs_git
def test_a_repository_whose_first_commit_is_late(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    result = roster.clone_at(
        entry(repos["tardif"].as_uri(), "tardif"),
        tmp_path,
        roster.parse_deadline(DEADLINE),
        env=git_env,
    )
    assert result.error == (
        "aucun commit avant la date limite (2026-12-15T23:59:00+01:00) : la branche par "
        "défaut en a 1, tous plus tardifs (le dernier du 2026-12-16T08:00:00+01:00)"
    )
    assert not result.folder.exists()  # never a folder at a commit after the deadline
    assert result.describe().startswith("tardif : ERREUR : aucun commit avant")


@needs_git
def test_an_empty_repository(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    result = roster.clone_at(entry(repos["vide"].as_uri(), "vide"), tmp_path, None, env=git_env)
    assert result.error == f"dépôt vide : {repos['vide'].as_uri()} n'a aucun commit"
    assert not result.folder.exists()


@needs_git
def test_a_missing_repository(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    missing = (repos["ada"].parent / "absent.git").as_uri()
    result = roster.clone_at(entry(missing, "absent"), tmp_path, None, env=git_env)
    assert result.error is not None
    assert result.error.startswith(f"dépôt introuvable : {missing} (vérifiez l'adresse")
    assert not result.folder.exists()


@needs_git
def test_a_token_in_the_url_stays_out_of_the_clone(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    # The test HOME serves https://eleve:TOKEN@example.invalid/ from the local
    # repositories (url.insteadOf): git clones with the token in the URL.
    path = write_roster(tmp_path, f"https://eleve:{TOKEN}@example.invalid/ada.git\n")
    [found] = roster.read_roster(path, None)
    result = roster.clone_at(found, tmp_path / "copies", None, env=git_env)
    assert result.ok, result.error
    config = (result.folder / ".git" / "config").read_text(encoding="utf-8")
    assert TOKEN not in config
    origin = run_git(git_env, result.folder, "remote", "get-url", "origin")
    assert origin == "https://example.invalid/ada.git"
    assert roster.credential_leaks(result.folder, [TOKEN]) == []
    assert TOKEN not in result.describe()


@needs_git
def test_a_token_never_shows_in_an_error(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    absent = roster.clone_at(
        entry(f"https://eleve:{TOKEN}@example.invalid/absent.git", "absent"),
        tmp_path,
        None,
        env=git_env,
    )
    assert absent.error is not None
    assert absent.error.startswith("dépôt introuvable : https://example.invalid/absent.git")
    # Port 9 (discard) of this machine: nothing listens, the refusal is immediate.
    refused = roster.clone_at(
        entry(f"http://eleve:{TOKEN}@127.0.0.1:9/x.git", "x"), tmp_path, None, env=git_env
    )
    assert refused.error is not None
    assert TOKEN not in absent.error + refused.error
    assert "eleve" not in refused.error
    helpers = Path(run_git(git_env, tmp_path, "--exec-path"))
    if any(helpers.glob("git-remote-http*")):  # git built with http support
        assert refused.error.startswith("réseau : http://127.0.0.1:9/x.git injoignable")


def test_credential_leaks_are_found(tmp_path: Path) -> None:
    git_dir = tmp_path / ".git"
    (git_dir / "objects").mkdir(parents=True)
    (git_dir / "objects" / "pack").write_text(TOKEN, encoding="utf-8")  # not read: binary
    (git_dir / "config").write_text(
        '[remote "origin"]\n\turl = https://example.org/x.git\n', encoding="utf-8"
    )
    assert roster.credential_leaks(tmp_path, [TOKEN]) == []
    (git_dir / "config").write_text(
        '[remote "origin"]\n\turl = https://ghp_abc@example.org/x.git\n', encoding="utf-8"
    )
    assert roster.credential_leaks(tmp_path, []) == [".git/config"]
    (git_dir / "FETCH_HEAD").write_text(f"x {TOKEN}\n", encoding="utf-8")
    assert roster.credential_leaks(tmp_path, [TOKEN]) == [".git/FETCH_HEAD", ".git/config"]


@needs_git
def test_an_existing_folder_is_left_alone(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    mine = tmp_path / "ada"
    mine.mkdir()
    (mine / "notes.txt").write_text("à garder", encoding="utf-8")
    result = roster.clone_at(entry(repos["ada"].as_uri(), "ada"), tmp_path, None, env=git_env)
    assert result.error == f"le dossier {mine} existe déjà : supprimez-le ou clonez ailleurs"
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "à garder"


@needs_git
def test_the_whole_roster_in_order(
    repos: dict[str, Path], git_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_roster(
        tmp_path,
        f"{repos['vide'].as_uri()}\n{repos['ada'].as_uri()}\n"
        f"{repos['tardif']}\n{(repos['ada'].parent / 'ada.git').as_posix()}/\n",
    )
    with pytest.raises(RosterError, match=r"ligne 4 : .* est déjà à la ligne 2"):
        roster.read_roster(path, None)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:3]), encoding="utf-8")
    entries = roster.read_roster(path, None)
    said: list[str] = []
    results = roster.clone_roster(
        entries, tmp_path / "copies", roster.parse_deadline(DEADLINE),
        jobs=2, say=said.append, env=git_env,
    )  # fmt: skip
    assert [r.entry for r in results] == entries
    assert [r.ok for r in results] == [False, True, False]
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == ["ada"]
    assert said[0] == (
        f"Clonage de 3 dépôt(s) dans {tmp_path / 'copies'}, 2 à la fois, "
        "au dernier commit avant le 2026-12-15T23:59:00+01:00"
    )
    assert sorted(line.split("] ")[0] for line in said[1:4]) == ["[1/3", "[2/3", "[3/3"]
    assert sorted(line.split("] ")[1] for line in said[1:4]) == sorted(
        r.describe() for r in results
    )
    assert said[4] == f"1 dépôt(s) cloné(s) dans {tmp_path / 'copies'}, 2 en erreur"
    with pytest.raises(ValueError, match="au moins un clonage"):
        roster.clone_roster(entries, tmp_path, None, jobs=0, say=said.append)

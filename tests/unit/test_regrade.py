"""The teacher's re-grade (tools/teacher/regrade.py).

One small batch is graded once for the module (exercises 02 and 04 only, two
at a time): a finished submission, untouched stubs outside git, a hostile one
and one whose tests and workflow were edited. The other tests look at
submissions without grading them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tools.common.manifest import load_manifest
from tools.common.paths import ROOT, TREES
from tools.teacher import regrade
from tools.teacher.sandbox import Sandbox, SandboxUnavailable
from tools.teacher.template import student_files, write_files

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git est introuvable")
SELECTED = ["02", "04"]
# The batch is graded inside the sandbox where there is one (Linux with
# bubblewrap), as the re-grade does by default; elsewhere every row is flagged.
try:
    SANDBOX: Sandbox | None = Sandbox.find()
except SandboxUnavailable:
    SANDBOX = None
UNISOLATED = [] if SANDBOX is not None else [regrade.NOT_ISOLATED]


def flags(*expected: str) -> str:
    return " ; ".join([*expected, *UNISOLATED])


COMMIT_DATE = "2026-11-20T10:00:00+01:00"


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Élève",
        "GIT_AUTHOR_EMAIL": "eleve@example.org",
        "GIT_COMMITTER_NAME": "Élève",
        "GIT_COMMITTER_EMAIL": "eleve@example.org",
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
    }
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def submission(
    parent: Path, name: str, *, solved: tuple[str, ...] = (), commit: bool = True
) -> Path:
    """A student repository as the template export makes it, with the
    solutions of `solved` (exercise numbers) copied over the stubs."""
    repo = parent / name
    write_files(student_files(ROOT), repo)
    for ex in load_manifest():
        if ex.number in solved:
            shutil.copyfile(TREES["solutions"] / ex.file_name, repo / "exercises" / ex.file_name)
    if commit and GIT is not None:
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "rendu")
    return repo


def exercise_path(repo: Path, number: str) -> Path:
    (ex,) = [ex for ex in load_manifest() if ex.number == number]
    return repo / "exercises" / ex.file_name


def batch(**kwargs: object) -> regrade.Batch:
    exercises = [ex for ex in load_manifest() if ex.number in SELECTED]
    return regrade.Batch(
        exercises=exercises,
        selectors=list(SELECTED),
        reference=regrade.Reference.of_teacher(),
        sandbox=SANDBOX,
        **kwargs,  # type: ignore[arg-type]
    )


# -- one graded batch --------------------------------------------------------------


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[regrade.Outcome]]:
    base = tmp_path_factory.mktemp("copies")
    solved = submission(base, "devoir-ada", solved=("02", "04"))
    stubs = submission(base, "devoir-brice", commit=False)
    hostile = submission(base, "devoir-chloe", solved=("04",))
    exercise_path(hostile, "02").write_text("import os\nos._exit(0)\n", encoding="utf-8")
    if GIT is not None:
        git(hostile, "commit", "-q", "-am", "os._exit")
    edited = submission(base, "devoir-dan", solved=("02", "04"))
    public = edited / "tests" / "public" / "test_ex02_gather.py"
    public.write_text(public.read_text(encoding="utf-8") + "\n# facile\n", encoding="utf-8")
    workflow = edited / regrade.WORKFLOW
    workflow.write_text(workflow.read_text(encoding="utf-8") + "\n# moi\n", encoding="utf-8")
    exercise_path(edited, "04").unlink()
    if GIT is not None:
        git(edited, "commit", "-q", "-am", "plus simple")
    out = tmp_path_factory.mktemp("notes")
    lines: list[str] = []
    outcomes = regrade.regrade([solved, stubs, hostile, edited], out, batch(), 2, lines.append)
    assert [line.split("]")[0] for line in lines] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert all(" — reste " in line for line in lines[:3]), lines
    assert " — reste " not in lines[-1]
    return out, outcomes


def rows(out: Path) -> list[dict[str, str]]:
    header, body = regrade.read_csv(out / "notes.csv")
    return [dict(zip(header, row, strict=True)) for row in body]


def test_csv_columns_encoding_and_input_order(graded: tuple[Path, list[regrade.Outcome]]) -> None:
    out, _ = graded
    raw = (out / "notes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    assert raw.splitlines()[0].decode("utf-8-sig").startswith("eleve;commit;date_commit;")
    header, body = regrade.read_csv(out / "notes.csv")
    assert header == [
        "eleve", "commit", "date_commit", "ex02", "ex04", "total", "max", "drapeaux", "duree_s",
    ]  # fmt: skip
    assert [row[0] for row in body] == ["devoir-ada", "devoir-brice", "devoir-chloe", "devoir-dan"]
    assert all(row[header.index("max")] == "14" for row in body)
    assert all(row[-1].isdigit() for row in body)  # whole seconds


def test_solutions_earn_full_points(graded: tuple[Path, list[regrade.Outcome]]) -> None:
    out, _ = graded
    ada = rows(out)[0]
    assert (ada["ex02"], ada["ex04"], ada["total"], ada["drapeaux"]) == ("8", "6", "14", flags())
    if GIT is not None:
        assert len(ada["commit"]) == 40
        assert ada["date_commit"] == COMMIT_DATE
    assert (out / "devoir-ada" / "notation.json").is_file()
    summary = (out / "devoir-ada" / "resume.md").read_text(encoding="utf-8")
    assert "14/14" in summary
    assert ada["commit"] in summary


def test_stubs_earn_nothing_and_a_plain_folder_is_tolerated(
    graded: tuple[Path, list[regrade.Outcome]],
) -> None:
    out, _ = graded
    brice = rows(out)[1]
    assert (brice["ex02"], brice["ex04"], brice["total"]) == ("0", "0", "0")
    assert (brice["commit"], brice["date_commit"]) == ("", "")
    assert brice["drapeaux"] == flags("pas un dépôt git")


def test_a_hostile_exercise_costs_only_itself(graded: tuple[Path, list[regrade.Outcome]]) -> None:
    out, outcomes = graded
    chloe = rows(out)[2]
    assert (chloe["ex02"], chloe["ex04"], chloe["total"]) == ("0", "6", "6")
    report = outcomes[2].report
    assert report is not None
    assert [ex.status for ex in report.exercises] == ["error", "passed"]


def test_edited_tests_workflow_and_missing_exercise_are_flagged(
    graded: tuple[Path, list[regrade.Outcome]],
) -> None:
    out, _ = graded
    dan = rows(out)[3]
    # The teacher's tests grade it: the edited public test changes nothing.
    assert (dan["ex02"], dan["ex04"], dan["total"]) == ("8", "0", "8")
    assert dan["drapeaux"].split(" ; ") == [
        "tests modifiés : tests/public/test_ex02_gather.py",
        "workflow modifié",
        "exercices manquants : ex04",
        *UNISOLATED,
    ]
    summary = (out / "devoir-dan" / "resume.md").read_text(encoding="utf-8")
    assert "workflow modifié" in summary


def test_the_class_mean_line(graded: tuple[Path, list[regrade.Outcome]]) -> None:
    out, _ = graded
    header, body = regrade.read_csv(out / "notes.csv")
    line = regrade.summary_line(header, body)
    assert line.startswith("Moyenne de la classe : 7,0/14 sur 4 dépôt(s)")  # (14+0+6+8)/4


# -- without grading -----------------------------------------------------------------


def test_an_untouched_export_is_not_flagged_even_with_windows_line_ends(tmp_path: Path) -> None:
    repo = submission(tmp_path, "devoir", commit=False)
    for path in [repo / "conftest.py", *(repo / "tests" / "public").glob("*.py")]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    inspection = regrade.inspect_submission(
        repo, "devoir", load_manifest(), regrade.Reference.of_teacher()
    )
    assert inspection.edited_tests == []  # selfcheck.py & co. are not expected either
    assert inspection.workflow == "identique"
    assert inspection.missing == []


def test_added_and_deleted_test_files_are_named(tmp_path: Path) -> None:
    repo = submission(tmp_path, "devoir", commit=False)
    (repo / "tests" / "public" / "conftest.py").write_text("# à moi\n", encoding="utf-8")
    (repo / "tests" / "public" / "test_ex04_await_oublie.py").unlink()
    (repo / regrade.WORKFLOW).unlink()
    (repo / "tests" / "support" / "__pycache__").mkdir(exist_ok=True)
    (repo / "tests" / "support" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    inspection = regrade.inspect_submission(
        repo, "devoir", load_manifest(), regrade.Reference.of_teacher()
    )
    assert inspection.edited_tests == [
        "tests/public/conftest.py (ajouté)",
        "tests/public/test_ex04_await_oublie.py (supprimé)",
    ]
    assert "workflow modifié (absent)" in inspection.flags()


@needs_git
def test_a_plain_folder_inside_a_git_repository_is_not_one(tmp_path: Path) -> None:
    outer = tmp_path / "depot"
    outer.mkdir()
    git(outer, "init", "-q")
    inner = outer / "devoir"
    inner.mkdir()
    info = regrade.git_info(inner)
    assert (info.is_repo, info.commit) == (False, "")


@needs_git
def test_uncommitted_exercises_are_flagged(tmp_path: Path) -> None:
    repo = submission(tmp_path, "devoir")
    clean = regrade.git_info(repo)
    assert (clean.is_repo, len(clean.commit), clean.dirty) == (True, 40, False)
    exercise_path(repo, "02").write_text("# pas fini\n", encoding="utf-8")
    inspection = regrade.inspect_submission(
        repo, "devoir", load_manifest(), regrade.Reference.of_teacher()
    )
    assert inspection.flags() == ["exercises/ diffère du commit"]


def test_the_workspace_takes_only_the_students_exercises(tmp_path: Path) -> None:
    repo = submission(tmp_path, "devoir", commit=False)
    (repo / "conftest.py").write_text("raise SystemExit('triche')\n", encoding="utf-8")
    (repo / "exercises" / "notes.txt").write_text("rien\n", encoding="utf-8")
    (repo / "exercises" / "aide.py").write_text("X = 1\n", encoding="utf-8")
    # Windows may refuse to create links without the right privilege.
    with contextlib.suppress(OSError):
        os.symlink(ROOT / "manifest.toml", repo / "exercises" / "lien.py")
    workspace = tmp_path / "espace"
    workspace.mkdir()
    regrade.build_workspace(workspace, repo)
    assert (workspace / "conftest.py").read_bytes() == (ROOT / "conftest.py").read_bytes()
    assert (workspace / "tests" / "hidden").is_dir()
    copied = sorted(p.name for p in (workspace / "exercises").iterdir())
    assert copied == sorted([*(ex.file_name for ex in load_manifest()), "aide.py"])
    assert regrade.expected_fingerprints(workspace) == regrade.expected_fingerprints(ROOT)


def test_the_grader_does_not_see_the_teachers_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GH_TOKEN", "secret")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "/tmp/résumé")
    env = regrade.grading_environment()
    assert "GH_TOKEN" not in env
    assert "GITHUB_STEP_SUMMARY" not in env
    assert "PATH" in env


def test_a_submission_over_its_wall_limit_gets_an_error_row(tmp_path: Path) -> None:
    # A solved exercise runs its tests (an untouched one would not: its
    # starting code earns 0 at once).
    repo = submission(tmp_path, "devoir-lent", solved=("02",), commit=False)
    out = tmp_path / "notes"
    (outcome,) = regrade.regrade([repo], out, batch(limit=0.3), 1, lambda _: None)
    assert outcome.error is not None
    assert "limite" in outcome.error
    row = rows(out)[0]
    assert (row["ex02"], row["ex04"], row["total"], row["max"]) == ("", "", "", "14")
    assert "ERREUR" in row["drapeaux"]
    assert not (out / "devoir-lent" / "notation.json").exists()


def test_a_test_rewritten_in_its_own_copy_costs_that_exercise(tmp_path: Path) -> None:
    # The grader gives each exercise its own copy of the tests: rewriting it
    # is seen, and costs the exercise whose code did it.
    repo = submission(tmp_path, "devoir-malin", solved=("02",), commit=False)
    with exercise_path(repo, "02").open("a", encoding="utf-8") as source:
        source.write(
            "\nimport pathlib\n"
            "for f in pathlib.Path.cwd().glob('tests/*/test_ex02_*.py'):\n"
            "    f.write_text('def test_ok():\\n    assert True\\n')\n"
        )
    out = tmp_path / "notes"
    (outcome,) = regrade.regrade([repo], out, batch(), 1, lambda _: None)
    assert outcome.error is None
    assert rows(out)[0]["ex02"] == "0"
    assert outcome.report is not None
    (ex02,) = [ex for ex in outcome.report.exercises if ex.number == "02"]
    assert "modifié des fichiers de test" in ex02.messages[0]


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="reaches the grader via /proc")
def test_a_test_rewritten_in_the_graders_folder_is_caught(tmp_path: Path) -> None:
    repo = submission(tmp_path, "devoir-malin", solved=("02",), commit=False)
    with exercise_path(repo, "02").open("a", encoding="utf-8") as source:
        source.write(
            "\nimport os, pathlib\n"
            "root = pathlib.Path(f'/proc/{os.getppid()}/cwd')\n"
            "for f in root.glob('tests/*/test_ex04_*.py'):\n"
            "    f.write_text('def test_ok():\\n    assert True\\n')\n"
        )
    out = tmp_path / "notes"
    (outcome,) = regrade.regrade([repo], out, batch(), 1, lambda _: None)
    assert outcome.error is not None
    assert "modifiés pendant la notation" in outcome.error
    assert "tests/hidden/test_ex04_await_oublie.py" in outcome.error
    assert rows(out)[0]["total"] == ""


def test_a_missing_folder_gets_an_error_row_only(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    (outcome,) = regrade.regrade([tmp_path / "absent"], out, batch(), 1, lambda _: None)
    assert outcome.flags == ["ERREUR : dossier introuvable", *UNISOLATED]
    assert rows(out)[0]["total"] == ""


def test_merge_keeps_the_slices_order_and_refuses_other_columns(tmp_path: Path) -> None:
    header = ["eleve", "commit", "date_commit", "ex02", "total", "max", "drapeaux", "duree_s"]
    regrade.write_csv(tmp_path / "a.csv", header, [["b", "", "", "8", "8", "8", "", "1"]])
    regrade.write_csv(tmp_path / "c.csv", header, [["a", "", "", "0", "0", "8", "x, y", "2"]])
    merged_header, merged = regrade.merge([tmp_path / "a.csv", tmp_path / "c.csv"], tmp_path / "m")
    assert merged_header == header
    assert [row[0] for row in merged] == ["b", "a"]
    assert regrade.read_csv(tmp_path / "m" / "notes.csv") == (header, merged)
    regrade.write_csv(tmp_path / "d.csv", [*header[:3], "ex04", *header[4:]], [])
    with pytest.raises(ValueError, match="colonnes"):
        regrade.merge([tmp_path / "a.csv", tmp_path / "d.csv"], tmp_path / "m")


def test_folder_names_are_unique_in_input_order(tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "devoir-x", tmp_path / "b" / "devoir-x", tmp_path / "é l"]
    assert regrade.folder_names(paths) == ["devoir-x", "devoir-x-2", "é_l"]


def test_the_command_line_refuses_an_unknown_exercise(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tools.teacher.regrade", str(tmp_path), "--exercises", "99"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "aucun exercice" in done.stderr


def test_an_internal_error_of_the_grader_is_an_error_row_not_zeros(tmp_path: Path) -> None:
    from tools.grading.grader import EXIT_INTERNAL_ERROR, internal_error_report

    exercises = batch().exercises
    report = internal_error_report(TREES["exercises"], exercises, "jeton", RuntimeError("x"))
    (tmp_path / "rapport").mkdir()
    (tmp_path / "rapport" / "notation.json").write_text(report.to_json(), encoding="utf-8")
    run = regrade.GraderRun(None, EXIT_INTERNAL_ERROR, "")
    read, error = regrade.read_report(tmp_path, run, "jeton", batch(), {})
    assert read is not None
    assert error is not None
    assert "erreur interne du correcteur" in error


# -- the remaining time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("durations", "running", "waiting", "jobs", "expected"),
    [
        # The last one, 39 s into a batch where each took 40 s: 1 s to go, not 40.
        ([40.0] * 7, [39.0], 0, 2, 1.0),
        # Nothing running, 4 waiting, 2 at a time, 15 s each on average.
        ([10.0, 20.0], [], 4, 2, 30.0),
        # Two running (8 s and 6 s to go), three waiting of 10 s, 2 at a time.
        ([10.0], [2.0, 4.0], 3, 2, 26.0),
        # 5 s in: the graded ones that ran longer took 15 s more on average.
        ([10.0, 20.0, 30.0], [5.0], 0, 1, 15.0),
        # Running longer than any graded one: nothing known to add.
        ([10.0, 20.0], [25.0], 0, 2, 0.0),
        # One at a time, everything waits in turn.
        ([30.0], [10.0], 2, 1, 80.0),
    ],
)
def test_the_remaining_time_counts_what_runs_and_what_waits(
    durations: list[float], running: list[float], waiting: int, jobs: int, expected: float
) -> None:
    assert regrade.remaining_time(durations, running, waiting, jobs) == pytest.approx(expected)


def test_the_output_folder_is_ignored_by_git(tmp_path: Path) -> None:
    out = tmp_path / "notes-2026-12-15"
    regrade.make_output_folder(out)
    assert (out / ".gitignore").read_text(encoding="utf-8") == regrade.OUTPUT_GITIGNORE
    if GIT is not None:
        git(tmp_path, "init", "-q")
        (out / "notes.csv").write_text("eleve;total\n", encoding="utf-8")
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", str(out / "notes.csv")], cwd=tmp_path, check=False
        )
        assert ignored.returncode == 0
    mine = tmp_path / "mes-notes"
    mine.mkdir()
    regrade.make_output_folder(mine)  # the teacher's own folder: left alone
    assert not (mine / ".gitignore").exists()


def test_the_default_output_and_the_guides_clones_are_ignored_in_this_repository() -> None:
    if GIT is None or not (ROOT / ".git").exists():
        pytest.skip("pas de dépôt git ici")
    for path in ("notes-2026-12-15/notes.csv", "copies/asyncio-ada/exercises/ex01.py"):
        done = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        assert done.returncode == 0, path


# -- the sandbox -------------------------------------------------------------------------


def test_without_a_sandbox_the_regrade_stops_and_names_the_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused() -> Sandbox:
        raise SandboxUnavailable("bubblewrap (bwrap) est introuvable sur cette machine. Choix…")

    monkeypatch.setattr(Sandbox, "find", staticmethod(refused))
    repo = submission(tmp_path, "devoir-ada", commit=False)
    status = regrade.main([str(repo), "--out", str(tmp_path / "notes")])
    assert status == regrade.EXIT_NO_SANDBOX
    assert "bubblewrap" in capsys.readouterr().err
    assert not (tmp_path / "notes").exists()  # nothing graded, nothing written


def test_sans_isolation_grades_and_flags_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Sandbox, "find", staticmethod(lambda: pytest.fail("pas de bac à sable")))
    out = tmp_path / "notes"
    status = regrade.main(
        [str(tmp_path / "absent"), "--out", str(out), "--sans-isolation", "--exercises", "02"]
    )
    assert status == 0
    (row,) = rows(out)
    assert row["drapeaux"] == f"ERREUR : dossier introuvable ; {regrade.NOT_ISOLATED}"
    resume = (out / "absent" / "resume.md").read_text(encoding="utf-8")
    assert regrade.NOT_ISOLATED not in resume  # the teacher's business, not the student's


# -- from a roster, at the deadline --------------------------------------------------------


@needs_git
def test_a_roster_is_cloned_at_the_deadline_graded_and_shown_on_the_class_page(
    tmp_path: Path,
) -> None:
    # Two students in bare repositories: Ada finished 02 before the deadline
    # and broke it after; Brice's only commit came too late.
    bare = tmp_path / "serveur"
    bare.mkdir()
    roster_lines = []
    for name, history in (
        ("ada", [("2026-12-14T10:00:00+01:00", ("02", "04")), ("2026-12-16T09:00:00+01:00", ())]),
        ("brice", [("2026-12-16T09:00:00+01:00", ("02",))]),
    ):
        work = tmp_path / "travail" / name
        work.mkdir(parents=True)
        write_files(student_files(ROOT), work)
        git(work, "init", "-q")
        for when, solved in history:
            for ex in load_manifest():
                source = TREES["solutions"] if ex.number in solved else ROOT / "exercises"
                shutil.copyfile(source / ex.file_name, work / "exercises" / ex.file_name)
            git(work, "add", "-A")
            env_date = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
            subprocess.run(
                ["git", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", when],
                cwd=work, env={**os.environ, **env_date, "GIT_AUTHOR_NAME": "É",
                               "GIT_AUTHOR_EMAIL": "e@x", "GIT_COMMITTER_NAME": "É",
                               "GIT_COMMITTER_EMAIL": "e@x"},
                check=True, capture_output=True, timeout=60,
            )  # fmt: skip
        subprocess.run(
            ["git", "clone", "-q", "--bare", str(work), str(bare / f"{name}.git")],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        roster_lines.append((bare / f"{name}.git").as_uri())
    roster = tmp_path / "classe.txt"
    roster.write_text("# la classe\n" + "\n".join(roster_lines) + "\n", encoding="utf-8")
    out = tmp_path / "notes"
    options = [] if SANDBOX is not None else ["--sans-isolation"]
    clones_before = set(Path(tempfile.gettempdir()).glob("copies-*"))
    status = regrade.main(
        ["--liste", str(roster), "--avant", "2026-12-15 23:59+01:00", "--out", str(out),
         "--exercises", *SELECTED, "--jobs", "2", *options]
    )  # fmt: skip
    assert status == 0
    ada, brice = rows(out)
    assert (ada["eleve"], ada["total"]) == ("ada", "14")  # the state of the 14th
    assert ada["date_commit"] == "2026-12-14T10:00:00+01:00"
    assert ada["drapeaux"] == flags("1 commit(s) après la date limite, non noté(s)")
    assert brice["total"] == ""
    assert "aucun commit avant la date limite" in brice["drapeaux"]
    page = (out / "classe.html").read_text(encoding="utf-8")
    assert "ada" in page
    assert "brice" in page
    assert set(Path(tempfile.gettempdir()).glob("copies-*")) <= clones_before  # removed


def test_the_starting_code_is_the_committed_stubs_or_the_export_handed_out(tmp_path: Path) -> None:
    teacher = tmp_path / "enseignant"
    (teacher / "exercises").mkdir(parents=True)
    (teacher / "exercises" / "ex01_a.py").write_bytes(b"depart = 1\n")
    (teacher / "exercises" / "ex02_b.py").write_bytes(b"depart = 2\n")
    git = ["git", "-C", str(teacher), "-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "départ"], check=True)
    # A stub tried out since its commit is not the starting code any more.
    (teacher / "exercises" / "ex02_b.py").write_bytes(b"solution = 2\n")
    assert regrade.starting_code(teacher, None) == {"ex01_a.py": b"depart = 1\n"}
    handed_out = tmp_path / "export"
    (handed_out / "exercises").mkdir(parents=True)
    (handed_out / "exercises" / "ex02_b.py").write_bytes(b"ancien = 2\n")
    assert regrade.starting_code(teacher, handed_out) == {"ex02_b.py": b"ancien = 2\n"}

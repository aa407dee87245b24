"""The student template export (tools/teacher/template.py).

The repository is exported once for the module; tests that run something in
it (the grader, nox, imports) work on a copy so that what they write
(rapport/, __pycache__) never reaches the other tests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.exports import HAS_GIT, clean_env, copy_of, nox_command
from tools.common.manifest import README_END, README_START, load_manifest, readme_table
from tools.common.paths import ROOT, STARTING_CODE, runtime_modules
from tools.teacher import template
from tools.teacher.template import (
    ACCEPTED,
    FORBIDDEN,
    ExportError,
    check_export,
    export,
    find_leaks,
    is_trivial,
    shipped_modules,
    solution_lines,
    unaccepted,
)

pytestmark = pytest.mark.bout_en_bout  # see tests/unit/conftest.py

EXERCISES = load_manifest()
GRADING_LIMIT = 600  # seconds: far above the ≈ 15 s a grading takes


def files_in(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts[:1]
    }


# -- what the export holds ---------------------------------------------------------


def test_export_holds_the_student_files_and_nothing_else(exported: Path) -> None:
    files = files_in(exported)
    harness = {p.relative_to(ROOT).as_posix() for p in runtime_modules()}
    expected = {
        *(f"exercises/{ex.file_name}" for ex in EXERCISES),
        # The same starting code, that `nox -s reset` puts back.
        *(f"{STARTING_CODE}/{ex.file_name}" for ex in EXERCISES),
        *(f"tests/public/{ex.test_file_name}" for ex in EXERCISES),
        "tests/public/__init__.py",
        "tests/__init__.py",
        *harness,
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "cours").rglob("*") if p.is_file()),
        "manifest.toml",
        "conftest.py",
        "pyproject.toml",
        "uv.lock",  # the versions every grading installs
        "LICENSE",
        "noxfile.py",
        ".gitignore",
        *template.EDITOR_FILES,
        "README.md",
    }
    if (ROOT / template.STUDENT_WORKFLOW).is_file():
        expected.add(template.STUDENT_WORKFLOW)
    assert files == expected
    for ex in EXERCISES:
        stub = (exported / "exercises" / ex.file_name).read_bytes()
        assert (exported / STARTING_CODE / ex.file_name).read_bytes() == stub
    for name in template.ROOT_FILES:
        assert (exported / name).read_bytes() == (ROOT / name).read_bytes(), name
    # Not the teacher's declaration: the graded repositories never carry it.
    assert not (exported / ".github" / "depot-enseignant").exists()


def test_only_the_grading_workflow_is_shipped(exported: Path) -> None:
    assert (ROOT / template.STUDENT_WORKFLOW).is_file(), "le workflow de notation manque"
    github = exported / ".github"
    assert {p.relative_to(github).as_posix() for p in github.rglob("*")} == {
        "workflows",
        "workflows/classroom.yml",
    }
    shipped = exported / template.STUDENT_WORKFLOW
    assert shipped.read_bytes() == (ROOT / template.STUDENT_WORKFLOW).read_bytes()


def test_no_private_folder_file_or_teacher_module(exported: Path) -> None:
    for folder in FORBIDDEN:
        assert not (exported / folder).exists(), folder
    for package in ("teacher", "maintainer"):
        for module in (ROOT / "tools" / package).glob("*.py"):
            assert not list(exported.rglob(module.name)) or module.name == "__init__.py", module
    assert not (exported / "template").exists()
    # The grader and its parts are the students' too.
    for name in ("grading/grader.py", "grading/report.py", "grading/processes.py"):
        assert (exported / "tools" / name).is_file(), name
    assert (exported / "tests" / "support" / "student.py").is_file()
    assert check_export(exported) == []


def test_no_line_of_a_solution_is_exported(exported: Path) -> None:
    leaks = unaccepted(find_leaks(exported, ROOT / "solutions", ROOT / "exercises"))
    assert not leaks, "\n".join(leak.describe() for leak in leaks)


def test_every_accepted_collision_still_happens(exported: Path) -> None:
    """An entry of ACCEPTED that matches nothing any more must be removed
    (none is needed today: the loop checks future entries)."""
    leaks = find_leaks(exported, ROOT / "solutions", ROOT / "exercises")
    for accepted in ACCEPTED:
        assert any(accepted.matches(leak) for leak in leaks), accepted
        assert accepted.file.startswith("exercises/"), "seuls les énoncés peuvent en avoir"


def test_student_readme(exported: Path) -> None:
    source = (ROOT / "template" / "README.md").read_text(encoding="utf-8")
    assert README_START in source
    assert README_END in source
    readme = (exported / "README.md").read_text(encoding="utf-8")
    assert readme_table(EXERCISES) in readme
    assert readme != (ROOT / "README.md").read_text(encoding="utf-8")
    for needed in (
        'python -m pip install --user "nox>=2025.2.9" uv',
        "\nnox\n",
        "nox -- 03",
        "nox -- 03 --complet",
        "nox -s grade",
        "rapport/resume.md",
        "rapport/notation.json",
        "Actions",
        "Notation",
        "cours/asyncio-concepts-de-base.md",
        "enseignant",
    ):
        assert needed in readme, needed
    for private in ("solutions/", "tests/hidden", "nox -s check", "mutants"):
        assert private not in readme, private
    # Every link of the README points at a file of the export.
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if "://" not in target:
            assert (exported / target).exists(), target


@pytest.mark.skipif(not HAS_GIT, reason="git est introuvable")
def test_one_commit_no_remote_clean_tree(exported: Path) -> None:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=exported, capture_output=True, text=True, check=True,
            env=clean_env(), encoding="utf-8",
        )  # fmt: skip
        return done.stdout.strip()

    assert git("log", "--format=%s") == template.COMMIT_MESSAGE
    assert git("remote") == ""
    assert git("status", "--porcelain") == ""
    assert git("symbolic-ref", "--short", "HEAD") == "main"
    assert set(git("ls-files").splitlines()) == files_in(exported)


# -- what runs in the export -------------------------------------------------------


def test_every_shipped_module_imports_without_the_teacher_ones(
    exported: Path, tmp_path: Path
) -> None:
    copy = copy_of(exported, tmp_path)
    modules = shipped_modules(files_in(copy))
    assert "tools.grading.grader" in modules
    teacher_modules = sorted(
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
        for package in ("teacher", "maintainer")
        for p in (ROOT / "tools" / package).glob("*.py")
    )
    assert "tools.teacher.regrade" in teacher_modules
    assert "tools.maintainer.selfcheck" in teacher_modules
    code = (
        "import importlib, json, sys\n"
        "import tools.common.paths as paths\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "missing = []\n"
        f"for name in {teacher_modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError:\n"
        "        missing.append(name)\n"
        "print(json.dumps({'root': str(paths.ROOT), 'missing': missing}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=copy, env=clean_env(),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(seen["root"]).resolve() == copy.resolve()  # the export's own code ran
    assert sorted(seen["missing"]) == teacher_modules


def test_student_nox_sessions_are_the_students_own(exported: Path, tmp_path: Path) -> None:
    assert not (exported / "solutions").exists()  # what the noxfile keys the teacher's sessions on
    nox = nox_command()
    if nox is None:
        pytest.skip("nox est introuvable (ni importable ni dans le PATH)")
    copy = copy_of(exported, tmp_path)
    done = subprocess.run(
        [*nox, "--list", "--no-color"], cwd=copy, env=clean_env(),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # "* tests-3.11 -> …" (selected) or "- grade -> …" (not selected by default);
    # `--json` would list the selected ones only.
    listed = re.findall(r"^[*-] (\S+)", done.stdout, re.M)
    names = {re.sub(r"-\d+\.\d+$", "", session) for session in listed}
    assert names == {"run", "tests", "grade", "hint", "watch", "reset"}, done.stdout


def grade(tree: Path) -> tuple[int, dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-m", "tools.grading.grader", "--no-github"], cwd=tree, env=clean_env(),
        capture_output=True, text=True, encoding="utf-8", timeout=GRADING_LIMIT, check=False,
    )  # fmt: skip
    report_file = tree / "rapport" / "notation.json"
    assert report_file.is_file(), done.stdout + done.stderr
    summary = (tree / "rapport" / "resume.md").read_text(encoding="utf-8")
    report: dict[str, object] = json.loads(report_file.read_text(encoding="utf-8"))
    return done.returncode, report, summary


def test_grading_the_export_as_is_gives_zero_with_french_messages(
    exported: Path, tmp_path: Path
) -> None:
    code, report, summary = grade(copy_of(exported, tmp_path))
    assert code == 0  # a grading done is no failure, whatever the grade
    assert (report["points"], report["max_points"]) == (0, 100)
    assert report["hidden_tests"] is False
    exercises = report["exercises"]
    assert isinstance(exercises, list)
    assert [ex["id"] for ex in exercises] == [ex.id for ex in EXERCISES]
    for ex in exercises:
        assert ex["points"] == 0, ex["id"]
        assert ex["hidden_tests"] is False, ex["id"]
        assert ex["status"] == "failed", (ex["id"], ex["messages"])  # not a crash
        assert ex["messages"], ex["id"]
    messages = "\n".join(m for ex in exercises for m in ex["messages"])
    for french in ("Observé", "Attendu", "À relire", "cours/asyncio-concepts-de-base.md"):
        assert french in messages, french
    assert "Tests cachés absents" in summary
    assert "0/100" in summary


def test_grading_the_export_with_the_solutions_gives_full_marks(
    exported: Path, tmp_path: Path
) -> None:
    copy = copy_of(exported, tmp_path)
    for solution in (ROOT / "solutions").glob("*.py"):
        shutil.copyfile(solution, copy / "exercises" / solution.name)
    code, report, summary = grade(copy)
    assert (report["points"], report["max_points"]) == (100, 100), summary
    assert code == 0
    assert report["hidden_tests"] is False


# -- the leak check itself ---------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_trivial_lines() -> None:
    for line in ("", ")", "],", "else:", "try:", "pass", "return", "return None", '"""',
                 "# -----", "print(", "except ValueError:", "async def", "}"):  # fmt: skip
        assert is_trivial(line), line
    for line in ("await asyncio.sleep(duree)", "x = 1", "except Exception as erreur:",
                 "# on lance la cuisson tout de suite", "return resultats"):  # fmt: skip
        assert not is_trivial(line), line


def test_leak_rule_on_a_small_tree(tmp_path: Path) -> None:
    stubs, solutions, out = tmp_path / "exercises", tmp_path / "solutions", tmp_path / "out"
    write(stubs / "ex01_a.py", "import asyncio\n\nasync def f(x):\n    y = g(x)  # à voir\n")
    write(
        solutions / "ex01_a.py",
        "import asyncio\n\nasync def f(x):\n"
        "    y = await asyncio.to_thread(g, x)  # hors de la boucle\n"
        "    else:\n    return None\n    print(\n"
        "    # on lance g dans un thread\n"
        "    y = g(x)  # corrigé\n",
    )
    secret = solution_lines(solutions, stubs)
    assert "y = await asyncio.to_thread(g, x)" in secret
    assert "y = await asyncio.to_thread(g, x) # hors de la boucle" in secret
    assert "# on lance g dans un thread" in secret
    assert "y = g(x)" not in secret  # in the stub, whatever the comment
    assert "else:" not in secret
    assert "print(" not in secret
    write(out / "exercises" / "ex01_a.py", (stubs / "ex01_a.py").read_text(encoding="utf-8"))
    assert find_leaks(out, solutions, stubs) == []
    write(
        out / "cours" / "cours.md",
        "# Cours\n\n```python\n"
        "        y  =  await asyncio.to_thread(g, x)\n"  # other blanks
        "y = await asyncio.to_thread(g, x)  # autre commentaire\n"
        "else:\nreturn None\n```\n"  # trivial
        "    # on lance g dans un thread\n"  # a comment of the solution
        "Écris `y = await asyncio.to_thread(g, x)` ici.\n"  # inline code
        "# y = await asyncio.to_thread(g, x)\n"  # commented out
        "y = await asyncio.to_thread(g, x, 1)\n",  # another line
    )
    write(out / "exercises" / "ex02.py", "a = 1  # y = await asyncio.to_thread(g, x)\n")
    leaks = find_leaks(out, solutions, stubs)
    assert [(leak.file, leak.line) for leak in leaks] == [
        ("cours/cours.md", 4),
        ("cours/cours.md", 5),
        ("cours/cours.md", 9),
        ("cours/cours.md", 10),
        ("cours/cours.md", 11),
        ("exercises/ex02.py", 1),
    ]
    assert all(leak.source.solution == "ex01_a.py" for leak in leaks)
    assert leaks[0].describe().startswith("cours/cours.md, ligne 4 : « y  =  await")


def test_an_accepted_collision_is_let_through_and_only_that_one(tmp_path: Path) -> None:
    stubs, solutions, out = tmp_path / "exercises", tmp_path / "solutions", tmp_path / "out"
    write(stubs / "ex01_a.py", "async def f(xs):\n    return [await g(x) for x in xs]\n")
    write(solutions / "ex01_a.py", "async def f(xs):\n    return await gather_all(xs)\n")
    write(out / "exercises" / "ex02_b.py", "async def h(xs):\n    return await gather_all(xs)\n")
    write(out / "cours" / "c.md", "return await gather_all(xs)\n")
    leaks = find_leaks(out, solutions, stubs)
    assert [(leak.file, leak.line) for leak in leaks] == [
        ("cours/c.md", 1),
        ("exercises/ex02_b.py", 2),
    ]
    entry = template.Accepted(
        "exercises/ex02_b.py", "ex01_a.py", "return await gather_all(xs)", "revue"
    )
    assert [leak.file for leak in unaccepted(leaks, [entry])] == ["cours/c.md"]
    for other in (  # another file, another solution, another line: not accepted
        template.Accepted("cours/c.md", "ex01_b.py", entry.form, "revue"),
        template.Accepted(entry.file, "ex09_z.py", entry.form, "revue"),
        template.Accepted(entry.file, entry.solution, "return gather_all(xs)", "revue"),
    ):
        assert len(unaccepted(leaks, [other])) == 2, other
    assert unaccepted(leaks, []) == leaks


def test_the_exporter_lets_an_accepted_collision_through_and_says_so(
    teacher_repo: Path, tmp_path: Path
) -> None:
    # A stub holding another exercise's solution line, as ex08's once did.
    solution = (teacher_repo / "solutions" / "ex02_gather.py").read_text(encoding="utf-8")
    line = next(s.strip() for s in solution.splitlines() if "asyncio.gather(" in s)
    stub = teacher_repo / "exercises" / "ex08_semaphore.py"
    stub.write_text(stub.read_text(encoding="utf-8") + f"\n# {line}\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"ex08_semaphore\.py"):
        export(tmp_path / "refuse", git=False, root=teacher_repo, accepted=[])
    entry = template.Accepted("exercises/ex08_semaphore.py", "ex02_gather.py", line, "revue")
    result = export(tmp_path / "eleve", git=False, root=teacher_repo, accepted=[entry])
    assert [(leak.file, leak.form) for leak in result.accepted] == [(entry.file, line)]
    assert "revues et acceptées" in template.summary(result, root=teacher_repo)
    assert line in template.summary(result, root=teacher_repo)


def test_a_solution_without_a_stub_counts_whole(tmp_path: Path) -> None:
    write(tmp_path / "solutions" / "ex02_b.py", "x = 1\n")
    (tmp_path / "exercises").mkdir()
    write(tmp_path / "out" / "a.txt", "x = 1\n")
    assert len(find_leaks(tmp_path / "out", tmp_path / "solutions", tmp_path / "exercises")) == 1


def test_a_planted_solution_line_is_caught_in_the_export(exported: Path, tmp_path: Path) -> None:
    copy = copy_of(exported, tmp_path)
    assert check_export(copy) == []
    secret = solution_lines(ROOT / "solutions", ROOT / "exercises")
    line = next(form for form, places in secret.items() if "create_task" in form and "=" in form)
    course = next((copy / "cours").glob("*.md"))
    with course.open("a", encoding="utf-8") as out:
        out.write(f"\n```python\n    {line}   # glissée ici\n```\n")
    public = copy / "tests" / "public" / "test_ex01_premiere_coroutine.py"
    with public.open("a", encoding="utf-8") as out:
        out.write(f"\n# {line}\n")
    problems = check_export(copy)
    assert len(problems) == 2, problems
    assert all(p.startswith("ligne de solution : ") and line in p for p in problems)


def test_a_copied_hidden_test_is_caught(exported: Path, tmp_path: Path) -> None:
    copy = copy_of(exported, tmp_path)
    hidden = next((ROOT / "tests" / "hidden").glob("test_*.py"))
    shutil.copyfile(hidden, copy / "tests" / "public" / "test_zz_copie.py")
    (copy / "solutions").mkdir()
    problems = check_export(copy)
    assert f"tests/public/test_zz_copie.py est une copie de tests/hidden/{hidden.name}" in problems
    assert any(p.startswith("le dossier solutions/") for p in problems)


# -- the exporter's refusals ---------------------------------------------------------


@pytest.fixture
def teacher_repo(tmp_path: Path) -> Path:
    """A copy of the teacher's repository, to break on purpose."""
    repo = tmp_path / "enseignant"
    junk = (".git", ".nox", ".venv", "venv", "__pycache__", ".mypy_cache", ".ruff_cache",
            ".pytest_cache", "rapport")  # fmt: skip
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(*junk))
    return repo


def test_the_exporter_refuses_a_leak_and_writes_nothing(
    teacher_repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    solution = (teacher_repo / "solutions" / "ex03_create_task.py").read_text(encoding="utf-8")
    line = next(s for s in solution.splitlines() if "create_task(" in s and "=" in s)
    course = next((teacher_repo / "cours").glob("*.md"))
    course.write_text(course.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    dest = tmp_path / "sortie" / "eleve"
    with pytest.raises(ExportError, match="export refusé") as refused:
        export(dest, git=False, root=teacher_repo)
    assert line.strip() in str(refused.value)
    assert (
        f"Pour corriger, puis relancer l'export :\n  - {course.relative_to(teacher_repo)} : "
        "retire ou reformule la ligne signalée" in str(refused.value)
    )
    assert not dest.exists()
    assert list((tmp_path / "sortie").iterdir()) == []  # no staging folder left
    monkeypatch.setattr(template, "ROOT", teacher_repo)
    assert template.main([str(dest), "--no-git"]) == 1
    assert "Export impossible : export refusé" in capsys.readouterr().err


def test_destination_rules(exported: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "autre" / "notes.txt", "à garder\n").parent
    with pytest.raises(ExportError, match=r"n'est pas vide\. Choisis un autre dossier, ou ajoute"):
        export(other, git=False)
    with pytest.raises(ExportError, match="ne ressemble pas à un export") as refused:
        export(other, force=True, git=False)
    assert "Donne un dossier qui n'existe pas encore" in str(refused.value)
    with pytest.raises(ExportError, match="n'est pas un dossier : donne un autre nom"):
        export(other / "notes.txt", git=False)
    assert (other / "notes.txt").is_file()
    with pytest.raises(ExportError, match="en dehors du dépôt"):
        export(ROOT / "build" / "eleve", git=False)
    with pytest.raises(ExportError, match="en dehors du dépôt"):
        export(ROOT.parent, git=False)
    # --force replaces an earlier export, its stale files included.
    again = copy_of(exported, tmp_path)
    write(again / "exercises" / "ancien.py", "x = 1\n")
    result = export(again, force=True, git=False)
    assert not (again / "exercises" / "ancien.py").exists()
    assert files_in(again) == files_in(exported)
    assert result.git_note == "dépôt git non créé (--no-git)."


@pytest.mark.skipif(not HAS_GIT, reason="git est introuvable")
def test_an_unclean_tree_is_refused_only_for_a_leak_and_told_how_to_fix(
    teacher_repo: Path, tmp_path: Path
) -> None:
    """The teacher tried a solution in exercises/, left a draft there, edited a
    statement: the export says, for each file, what to do."""
    env = {**clean_env(), "GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org"}  # fmt: skip
    for args in (["init", "-q"], ["add", "--all"], ["commit", "-q", "-m", "dépôt"]):
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=teacher_repo, env=env,
                       check=True, capture_output=True, timeout=120)  # fmt: skip
    stubs = teacher_repo / "exercises"
    solution = (teacher_repo / "solutions" / "ex02_gather.py").read_text(encoding="utf-8")
    line = next(s for s in solution.splitlines() if "asyncio.gather(" in s)
    stub = stubs / "ex02_gather.py"
    text = stub.read_text(encoding="utf-8")
    start = text.index("    contenus = []")
    stub.write_text(text[:start] + line + "\n    return contenus\n", encoding="utf-8")
    draft = write(stubs / "ex03_essai.py", (teacher_repo / "solutions" / "ex03_create_task.py")
                  .read_text(encoding="utf-8"))  # fmt: skip
    with pytest.raises(ExportError) as refused:
        export(tmp_path / "eleve", git=False, root=teacher_repo)
    message = str(refused.value)
    problems, advice = message.split("Pour corriger, puis relancer l'export :\n")
    assert (
        f"exercises/ex02_gather.py, ligne {line_number(stub, line)} : « {line.strip()} »"
        in problems
    )  # solved in place: its own solution line is no longer public
    assert "exercises/ex03_essai.py est une copie de solutions/ex03_create_task.py" in problems
    assert advice.splitlines() == [
        "  - exercises/ex02_gather.py a changé depuis le dernier commit : si tu y as essayé la "
        "solution, remets-le comme au dernier commit (git restore exercises/ex02_gather.py ; "
        "git stash pour garder ton essai de côté) ; si le changement est voulu, retire-en ce "
        "qui vient de la solution, commite-le, et vérifie avec nox -s check.",
        "  - exercises/ex03_essai.py n'est pas suivi par git (un brouillon ?) : supprime-le ou "
        "déplace-le hors du dépôt ; s'il doit aller aux élèves, retire-en la solution et "
        "ajoute-le (git add exercises/ex03_essai.py).",
    ]
    # Fixed as told; a statement edited and a harmless draft go through, and are listed.
    subprocess.run(["git", "restore", "exercises/ex02_gather.py"], cwd=teacher_repo, env=env,
                   check=True, capture_output=True)  # fmt: skip
    draft.write_text("x = 1\n", encoding="utf-8")
    statement = stubs / "ex05_exceptions_perdues.py"
    statement.write_text(statement.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    result = export(tmp_path / "eleve", git=False, root=teacher_repo)
    assert result.uncommitted == [
        "exercises/ex03_essai.py (non suivi par git)",
        "exercises/ex05_exceptions_perdues.py (modifié)",
    ]
    shown = template.summary(result, root=teacher_repo)
    assert "pas comme au dernier commit :\n  - exercises/ex03_essai.py (non suivi par git)" in shown


def line_number(path: Path, line: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(line) + 1


def test_without_git_the_folder_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template.shutil, "which", lambda _name: None)
    note = template.git_commit(tmp_path)
    assert note is not None
    assert "git est introuvable" in note
    monkeypatch.undo()
    if HAS_GIT:  # git there, but failing (no such folder): the way to do it by hand
        failed = template.git_commit(tmp_path / "absent")
        assert failed is not None
        assert "Pour le créer toi-même, dans ce dossier : git init" in failed
    assert not (tmp_path / ".git").exists()


@pytest.mark.skipif(not HAS_GIT, reason="git est introuvable")
def test_git_commit_survives_signing_and_no_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(
        tmp_path / "gitconfig",
        "[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = gpg-introuvable\n",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))  # git 2.32+
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    repo = tmp_path / "depot"
    write(repo / "a.txt", "a\n")
    assert template.git_commit(repo) is None
    commit = subprocess.run(
        ["git", "cat-file", "commit", "HEAD"], cwd=repo, capture_output=True, text=True,
        encoding="utf-8", check=True,
    ).stdout  # fmt: skip
    assert commit.rstrip().endswith(template.COMMIT_MESSAGE)
    assert "gpgsig" not in commit

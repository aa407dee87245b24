"""Grade a checkout as Classroom 50 would, here: its time, its scores, its release.

    python -m tools.maintainer.classroom50_run SORTIE DEPOT [--bloquer boucle|import] [--json F]

SORTIE is what `nox -s classroom50 -- SORTIE` wrote (tests.json and the
bundle), DEPOT a student's checkout (a copy is graded, never DEPOT itself).
The steps are those of the platform's runner (foundation50/classroom50,
cli/gh-teacher/skeleton/dotgithub/scripts/runner.py, read at commit 0c49903):
the tests one after another, in the array's order; for each, `setup` then
`run` through the shell, in the checkout, each bounded by the test's
`timeout` (subprocess.run, which kills only the shell's direct child);
pytest-json-report installed into the runner's interpreter when missing and
` --json-report --json-report-file=…` appended to `run`; the score
`round(points × passed / total)`, capped at points − 1 unless every case
passed, or the exit code when there is no report; the first 2000 characters
of a failing test's output in the release body.

`--bloquer boucle` first makes every public function of every exercise spin
forever (a beginner's infinite loop: the loop watchdog and the hang guards
stop it); `--bloquer import` makes every exercise sleep forever as it is
imported, which only Classroom 50's own timeout stops when the import happens
at collection: the worst submission for the 15-minute job. The platform's runner
cannot run here (it fetches its bundle from GitHub Pages), hence this
replica; it is a maintainer's measuring tool, not part of any grading.

Run it with a Python that has pip (a plain `python3 -m venv` has it; the
virtual environments nox and uv create have none). That Python stands for the
runner's interpreter: it comes first on the tests' PATH as `python3`, so each
test's `setup` runs `python3 -m pip` in it, and, as the platform's runner does,
this tool pip-installs pytest-json-report into it when missing.

The job's total adds PLATFORM_ALLOWANCE (120 s, tools/teacher/classroom50.py)
for the platform's own steps (checkout, setup-python, its install of
pytest-json-report, the bundle's download, the release): an estimate, about a
minute doubled, not a measure: those steps run only on GitHub, and no run of
them is on record here.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tools.common import french
from tools.common.manifest import load_manifest
from tools.teacher.classroom50 import (
    BUNDLE_DIR_ENV,
    JOB_LIMIT,
    PLATFORM_ALLOWANCE,
    TESTS_FILE,
)

RELEASE_CHARS = 2000  # runner.py, MAX_CAPTURED_CHARS
DEFAULT_TIMEOUT = 10  # runner.py, DEFAULT_TEST_TIMEOUT
PIP_INSTALL_TIMEOUT = 120  # runner.py

# Appended to each exercise by --bloquer boucle: every public function spins.
SPIN = """

# -- classroom50_run --bloquer boucle : tout ce qui suit bloque pour toujours --
import inspect as _inspect


def _bloque(*_args, **_kwargs):
    while True:
        pass


async def _bloque_async(*_args, **_kwargs):
    while True:
        pass


for _name, _value in list(globals().items()):
    if _name.startswith("_") or getattr(_value, "__module__", None) != __name__:
        continue
    if _inspect.iscoroutinefunction(_value):
        globals()[_name] = _bloque_async
    elif _inspect.isfunction(_value):
        globals()[_name] = _bloque
"""


# Appended to each exercise by --bloquer import: importing it never ends.
SLEEP_AT_IMPORT = """

# -- classroom50_run --bloquer import : l'import ne finit jamais --
import time as _time

while True:
    _time.sleep(1)
"""
BLOCKERS = {"boucle": SPIN, "import": SLEEP_AT_IMPORT}


@dataclass
class Outcome:
    name: str
    points: int
    score: int
    passed: bool
    setup_s: float
    run_s: float
    detail: str
    output: str


def platform_score(report: dict[str, Any] | None, returncode: int, points: int) -> tuple[int, bool]:
    """runner.py, `_grade_python`."""
    summary = (report or {}).get("summary") or {}
    total, passed_n = int(summary.get("total") or 0), int(summary.get("passed") or 0)
    if not report or total == 0:
        passed = returncode == 0
        return (points if passed else 0), passed
    score = max(0, min(points, round(points * passed_n / total)))
    passed = passed_n == total
    if not passed:
        score = min(score, max(0, points - 1))
    return score, passed


def ensure_pytest(python: str) -> None:
    """runner.py, `_ensure_pytest`: whichever of the two is missing, unpinned."""
    missing = [
        package
        for package, module in (("pytest", "pytest"), ("pytest-json-report", "pytest_jsonreport"))
        if subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode
    ]
    if missing:
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", *missing],
            timeout=PIP_INSTALL_TIMEOUT,
            check=False,
        )


def _shell(command: str, cwd: Path, env: dict[str, str], timeout: int) -> tuple[int | None, str]:
    try:
        done = subprocess.run(
            command, shell=True, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
            text=True, encoding="utf-8", errors="replace",
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, ""
    return done.returncode, done.stdout


def run_test(test: dict[str, Any], checkout: Path, env: dict[str, str], python: str) -> Outcome:
    timeout = int(test.get("timeout") or 0) or DEFAULT_TIMEOUT
    points = int(test.get("points", 0))
    start = time.perf_counter()
    setup_output = ""
    if test.get("setup"):
        code, setup_output = _shell(test["setup"], checkout, env, timeout)
        setup_s = time.perf_counter() - start
        if code != 0:
            detail = f"setup timed out after {timeout}s" if code is None else "setup failed"
            return Outcome(test["name"], points, 0, False, setup_s, 0.0, detail, setup_output)
    else:
        setup_s = 0.0
    ensure_pytest(python)  # not counted in the test's time, as on the platform
    report_dir = Path(tempfile.mkdtemp(prefix="c50-report-"))
    report_file = report_dir / "report.json"
    command = f"{test['run']} --json-report --json-report-file={shlex.quote(str(report_file))}"
    start = time.perf_counter()
    code, output = _shell(command, checkout, env, timeout)
    run_s = time.perf_counter() - start
    if code is None:
        shutil.rmtree(report_dir, ignore_errors=True)
        return Outcome(
            test["name"], points, 0, False, setup_s, run_s, f"timed out after {timeout}s", ""
        )
    try:
        report: dict[str, Any] | None = json.loads(report_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = None
    shutil.rmtree(report_dir, ignore_errors=True)
    score, passed = platform_score(report, code, points)
    summary = (report or {}).get("summary") or {}
    detail = f"pytest: {summary.get('passed', 0)}/{summary.get('total', 0)} cases passed"
    return Outcome(test["name"], points, score, passed, setup_s, run_s, detail, output)


def make_blocking(checkout: Path, how: str) -> None:
    for exercise in load_manifest(checkout / "manifest.toml"):
        path = checkout / "exercises" / exercise.file_name
        path.write_text(path.read_text(encoding="utf-8") + BLOCKERS[how], encoding="utf-8")


def grade(output_dir: Path, repository: Path, *, block: str | None, python: str) -> list[Outcome]:
    tests = json.loads((output_dir / TESTS_FILE).read_text(encoding="utf-8"))
    (bundle,) = (output_dir / "autograders").iterdir()
    with tempfile.TemporaryDirectory(prefix="c50-eleve-") as scratch:
        checkout = Path(scratch) / "depot"
        shutil.copytree(repository, checkout, ignore=shutil.ignore_patterns(".git", ".nox"))
        if block:
            make_blocking(checkout, block)
        # The runner's interpreter is the first `python3` on PATH: this one.
        bin_dir = str(Path(python).parent)
        env = {
            **{k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},
            BUNDLE_DIR_ENV: str(bundle.resolve()),
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        }
        return [run_test(test, checkout, env, python) for test in tests]


def release_body(outcomes: Sequence[Outcome]) -> str:
    lines = []
    for outcome in outcomes:
        if outcome.passed:
            continue
        text = outcome.output
        clipped = text[:RELEASE_CHARS] + ("\n... (truncated)" if len(text) > RELEASE_CHARS else "")
        lines += [f"### {outcome.name} — {outcome.detail}", "```", clipped.rstrip(), "```"]
    return "\n".join(lines)


def table(outcomes: Sequence[Outcome]) -> str:
    rows = [f"{'Test':<60} {'Points':>7} {'setup':>7} {'run':>7}  Détail"]
    for o in outcomes:
        rows.append(
            f"{o.name[:60]:<60} {f'{o.score}/{o.points}':>7} "
            f"{french.decimal(o.setup_s, 1):>6}s {french.decimal(o.run_s, 1):>6}s  {o.detail}"
        )
    tests_s = sum(o.setup_s + o.run_s for o in outcomes)
    job_s = tests_s + PLATFORM_ALLOWANCE
    rows += [
        "",
        f"Tests : {french.decimal(tests_s, 1)} s ; avec les étapes de la plateforme "
        f"({PLATFORM_ALLOWANCE} s comptées) : {french.decimal(job_s, 1)} s sur les {JOB_LIMIT} s "
        f"du job ({french.decimal(100 * job_s / JOB_LIMIT, 0)} %).",
        f"Score : {sum(o.score for o in outcomes)}/{sum(o.points for o in outcomes)}",
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.maintainer.classroom50_run",
        description="Note un dépôt comme Classroom 50 : durée, scores, corps de la Release.",
    )
    parser.add_argument("sortie", type=Path, help="ce qu'a écrit nox -s classroom50")
    parser.add_argument("depot", type=Path, help="le dépôt d'un élève (copié, jamais modifié)")
    parser.add_argument(
        "--bloquer",
        choices=sorted(BLOCKERS),
        help="chaque fonction des exercices boucle, ou chaque exercice bloque à l'import",
    )
    parser.add_argument("--json", type=Path, help="écrit les résultats dans ce fichier")
    args = parser.parse_args(argv)
    outcomes = grade(args.sortie, args.depot, block=args.bloquer, python=sys.executable)
    print(table(outcomes))
    print()
    print(release_body(outcomes))
    if args.json:
        args.json.write_text(
            json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

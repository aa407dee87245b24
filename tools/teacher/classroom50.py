"""What a teacher needs to grade these exercises on Classroom 50.

    python -m tools.teacher.classroom50 DEST [--slug SLUG]

writes, for foundation50/classroom50:

    DEST/tests.json                  the assignment's tests, for
                                     `gh teacher assignment add … --tests DEST/tests.json`
    DEST/autograders/<slug>/         the autograder bundle, to commit as
                                     <classroom>/autograders/<slug>/ in the classroom50 repo
    DEST/README.md                   what to do with them, in French

One `python` test per exercise, so that an exercise whose file does not even
import costs only its own points. Each test's `setup` installs the `test`
dependency group into the runner's interpreter and replaces the checkout's
tests/, tools/, conftest.py, manifest.toml, pyproject.toml, uv.lock and
noxfile.py with the bundle's copies (BUNDLE_ROOT_FILES); its `run` is a plain
`python3 -m pytest` on that exercise's public and hidden test files, with the
all-or-nothing plugin (tools/grading/all_or_nothing.py).

How Classroom 50 runs a `python` test (read in the platform's source,
cli/gh-teacher/skeleton/dotgithub/scripts/runner.py): `setup`, then `run`, each
through the shell (`sh`, `cmd.exe` on Windows) in the student's checkout, each
bounded by `timeout`, with $CLASSROOM50_BUNDLE_DIR naming the extracted bundle;
pytest and pytest-json-report are pip-installed into the runner's own
interpreter if missing, and ` --json-report --json-report-file=…` is appended
to `run`. The rules a tests array must obey are vendored below from
schemas/tests-v1.schema.json and cli/gh-teacher/internal/assignment/tests.go.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import HIDDEN_TESTS, MANIFEST, PUBLIC_TESTS, ROOT, runtime_modules

# -- the platform's rules (tests-v1.schema.json, tests.go, autograde-runner.yaml) --
MAX_TESTS = 100
MAX_POINTS = 1000
MIN_TIMEOUT, MAX_TIMEOUT = 1, 600
MAX_NAME_BYTES = 100
TEST_TYPES = ("io", "run", "python")
# Keys every version of the runner workflow accepts (newer ones add report
# options, which older ones reject): we emit only these.
ALLOWED_KEYS = frozenset(
    {"name", "type", "setup", "run", "input", "input-file", "expected", "expected-file",
     "comparison", "timeout", "exit-code", "points"}
)  # fmt: skip
REQUIRED_KEYS = frozenset({"name", "type", "run"})
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# -- our choices -----------------------------------------------------------
DEFAULT_SLUG = "asyncio-exercices"
TESTS_FILE = "tests.json"
BUNDLE_DIR_ENV = "CLASSROOM50_BUNDLE_DIR"
# The bundle's copies replace the student's: tests/ as a whole (a student's
# extra conftest.py goes too), the files pytest reads its configuration from,
# the lock the setup installs from, and the sessions that drive a grading (the
# bundle is also the hidden-tests repository of classroom.yml's overlay).
BUNDLE_ROOT_FILES = ("conftest.py", "manifest.toml", "pyproject.toml", "uv.lock", "noxfile.py")
# The platform's docs call the runner's interpreter `python3`.
PYTHON = "python3"
# Classroom 50 stops the whole grading job at 15 minutes (autograde-runner.yaml):
# checkout, setup-python, its own install of pytest-json-report, the bundle's
# download and the release's publication come out of the same budget.
JOB_LIMIT = 15 * 60
# An estimate, not a measure (those steps run only on GitHub): about a minute, doubled.
PLATFORM_ALLOWANCE = 120
# Our setup: the first one installs the lock (cold pip, ~10 s measured), the
# next ones find the stamp and only copy the bundle.
SETUP_ALLOWANCE_FIRST, SETUP_ALLOWANCE_NEXT = 40, 3
# What must stay free of the 15 minutes when every exercise hangs.
JOB_MARGIN = 0.15
# pytest's start-up, collection and report writing, on top of the session
# budget: Classroom 50's own timeout is only a backstop.
STARTUP_MARGIN = 15
DEFAULT_HANG_GUARD = 30.0

# Runs in the student's checkout, from `sh` or `cmd.exe`: no `$`, `%`, double
# quote or backslash inside, the bundle's path comes from the environment.
# It puts the bundle's files in place, then installs the `test` group at the
# versions of the bundle's uv.lock (uv reads the lock, pip installs the hashed
# pins), once per job: a stamp named after the lock's hash skips the next ones.
INSTALLER_CODE = ";".join(
    (
        "import hashlib,os,shutil,subprocess,sys,tempfile",
        f"b=os.environ.get('{BUNDLE_DIR_ENV}') or sys.exit('{BUNDLE_DIR_ENV} absent : "
        "ce test ne tourne que dans Classroom 50')",
        "[shutil.rmtree(d,ignore_errors=True) for d in ('tests','tools')]",
        "[shutil.copytree(os.path.join(b,d),d) for d in ('tests','tools')]",
        f"[shutil.copy2(os.path.join(b,f),f) for f in {BUNDLE_ROOT_FILES!r}]",
        "h=hashlib.sha256(open('uv.lock','rb').read()).hexdigest()[:16]",
        "t=os.path.join(tempfile.gettempdir(),'asyncio-exercices-verrou-'+h)",
        "r=t+'.txt'",
        "p=[sys.executable,'-m','pip','install','--quiet','--disable-pip-version-check']",
        "os.path.exists(t) or subprocess.check_call(p+['uv>=0.5'])",
        "os.path.exists(t) or subprocess.check_call([sys.executable,'-m','uv','export',"
        "'--frozen','--no-emit-project','--quiet','--only-group=test','--output-file='+r])",
        "os.path.exists(t) or subprocess.check_call(p+['-r',r])",
        "open(t,'w').close()",
    )
)


class Classroom50Error(ValueError):
    """The output cannot be generated; the message says why, in French."""


@dataclass(frozen=True)
class Planned:
    """One exercise's Classroom 50 test, before it becomes JSON."""

    exercise: Exercise
    tests: int
    hang_guard: float

    @property
    def session_budget(self) -> int:
        """pytest-timeout's --session-timeout. pytest-timeout checks it only
        after each test (its pytest_runtest_protocol hook): once it has passed,
        no further test starts, but a test already running is stopped only by
        its own hang guard. What bounds an exercise is therefore the hang guard
        of each test, the first failure ending the exercise
        (tools/grading/all_or_nothing.py), this check between tests, and last
        Classroom 50's own `timeout` (`timeout` below), the only bound on a test
        that starts just before the session budget runs out. A correct exercise
        takes a few seconds (the slowest, 10, 4,4 s here)."""
        return math.ceil(self.hang_guard)

    @property
    def timeout(self) -> int:
        seconds = math.ceil(self.session_budget + STARTUP_MARGIN)
        return max(MIN_TIMEOUT, min(MAX_TIMEOUT, seconds))


def worst_case_seconds(plans: Sequence[Planned]) -> int:
    """The grading job's length when every exercise hangs until Classroom 50's
    own timeout stops it: the platform's steps, our setups, every run's limit."""
    runs = sum(plan.timeout for plan in plans)
    setups = SETUP_ALLOWANCE_FIRST + SETUP_ALLOWANCE_NEXT * max(len(plans) - 1, 0)
    return PLATFORM_ALLOWANCE + setups + runs


def job_budget() -> int:
    return math.floor(JOB_LIMIT * (1 - JOB_MARGIN))


# -- reading the project ----------------------------------------------------


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def default_hang_guard() -> float:
    """pytest-timeout's `timeout` from pyproject: the per-test hang guard."""
    options = _pyproject().get("tool", {}).get("pytest", {}).get("ini_options", {})
    value = options.get("timeout", DEFAULT_HANG_GUARD)
    return float(value) if isinstance(value, int | float) else DEFAULT_HANG_GUARD


def collected_tests(files: Sequence[str]) -> list[tuple[Path, str]]:
    """What `pytest --collect-only` finds in `files` (relative to ROOT): each
    test as its file and its name ("test_x[param]")."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if done.returncode != 0:
        raise Classroom50Error(f"pytest --collect-only a échoué :\n{done.stdout}{done.stderr}")
    found = []
    for line in done.stdout.splitlines():
        if "::" in line:
            path, name = line.split("::", 1)
            found.append((Path(path), name))
    return found


def count_tests(exercises: Sequence[Exercise]) -> dict[str, int]:
    """How many tests pytest collects per exercise (public + hidden)."""
    files = [
        path.relative_to(ROOT).as_posix()
        for ex in exercises
        for path in (PUBLIC_TESTS / ex.test_file_name, HIDDEN_TESTS / ex.test_file_name)
    ]
    per_file = Counter(path.name for path, _ in collected_tests(files))
    counts = {ex.id: per_file[ex.test_file_name] for ex in exercises}
    empty = [ex_id for ex_id, n in counts.items() if n == 0]
    if empty:
        raise Classroom50Error(f"aucun test collecté pour {', '.join(empty)}")
    return counts


# -- the tests array ----------------------------------------------------------


def assignment_test_name(exercise: Exercise) -> str:
    """`01 · Titre`, shortened to the platform's 100 UTF-8 bytes if needed."""
    name = f"{exercise.number} · {exercise.title}"
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    while len((name + "…").encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name.rstrip() + "…"


def setup_command() -> str:
    return f'{PYTHON} -c "{INSTALLER_CODE}"'


def exercise_test_files(exercise: Exercise) -> list[str]:
    return [f"tests/public/{exercise.test_file_name}", f"tests/hidden/{exercise.test_file_name}"]


def run_command(plan: Planned) -> str:
    # Classroom 50 appends the pytest-json-report flags: the command must end
    # with pytest's own arguments. `-c pyproject.toml` makes the bundle's
    # configuration the only one read (a student's pytest.ini would win otherwise).
    return " ".join(
        [
            f"{PYTHON} -m pytest -c pyproject.toml --rootdir=.",
            "-p tools.grading.all_or_nothing -p no:cacheprovider",
            # The French verdict and the first failure first, nothing else: the
            # release shows only the first 2000 characters of the output.
            "--eleve --progression=non",
            f"--session-timeout={plan.session_budget}",
            *exercise_test_files(plan.exercise),
        ]
    )


def build_tests(plans: Sequence[Planned]) -> list[dict[str, Any]]:
    setup = setup_command()
    return [
        {
            "name": assignment_test_name(plan.exercise),
            "type": "python",
            "setup": setup,
            "run": run_command(plan),
            "timeout": plan.timeout,
            "points": plan.exercise.points,
        }
        for plan in plans
    ]


def validate_tests(tests: Any) -> list[str]:
    """Every way `tests` breaks the platform's rules, in French (empty if none)."""
    if not isinstance(tests, list):
        return ["le fichier doit contenir un tableau JSON de tests"]
    errors = []
    if len(tests) > MAX_TESTS:
        errors.append(f"{len(tests)} tests : Classroom 50 en accepte au plus {MAX_TESTS}")
    seen: set[str] = set()
    for i, test in enumerate(tests):
        where = f"tests[{i}]"
        if not isinstance(test, dict):
            errors.append(f"{where} n'est pas un objet")
            continue
        missing = REQUIRED_KEYS - set(test)
        if missing:
            errors.append(f"{where} : clé(s) manquante(s) {sorted(missing)}")
        unknown = set(test) - ALLOWED_KEYS
        if unknown:
            errors.append(f"{where} : clé(s) inconnue(s) {sorted(unknown)}")
        name = test.get("name")
        if not isinstance(name, str) or not name:
            errors.append(f"{where} : name doit être une chaîne non vide")
        else:
            if len(name.encode("utf-8")) > MAX_NAME_BYTES:
                errors.append(f"{where} : name dépasse {MAX_NAME_BYTES} octets UTF-8")
            if _CONTROL.search(name):
                errors.append(f"{where} : name contient un caractère de contrôle")
            if name in seen:
                errors.append(f"{where} : name {name!r} en double")
            seen.add(name)
        if test.get("type") not in TEST_TYPES:
            errors.append(f"{where} : type {test.get('type')!r} inconnu")
        if not isinstance(test.get("run"), str) or not test.get("run"):
            errors.append(f"{where} : run doit être une chaîne non vide")
        if "setup" in test and not isinstance(test["setup"], str):
            errors.append(f"{where} : setup doit être une chaîne")
        points = test.get("points", 0)
        if isinstance(points, bool) or not isinstance(points, int):
            errors.append(f"{where} : points doit être un entier")
        elif not 0 <= points <= MAX_POINTS:
            errors.append(f"{where} : points doit être entre 0 et {MAX_POINTS}")
        timeout = test.get("timeout", 0)
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            errors.append(f"{where} : timeout doit être un entier (secondes)")
        elif timeout != 0 and not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
            errors.append(f"{where} : timeout doit être entre {MIN_TIMEOUT} et {MAX_TIMEOUT} s")
    return errors


# -- the bundle ---------------------------------------------------------------


def bundle_sources() -> list[Path]:
    """The files of the bundle, relative to the repository root: hidden tests
    and the authoritative support code, never solutions/ nor tests/mutants/."""
    tests = ROOT / "tests"
    files = [
        tests / "__init__.py",
        *runtime_modules(ROOT),
        *sorted(PUBLIC_TESTS.glob("*.py")),
        *sorted(HIDDEN_TESTS.glob("*.py")),
        *(ROOT / name for name in BUNDLE_ROOT_FILES),
    ]
    return [path.relative_to(ROOT) for path in files]


def write_bundle(target: Path) -> list[Path]:
    if target.exists():
        shutil.rmtree(target)
    written = []
    for relative in bundle_sources():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, destination)
        written.append(relative)
    return written


# -- the teacher's README -------------------------------------------------------


def _guards_text(plans: Sequence[Planned]) -> str:
    """ "30 s (60 s pour 07 et 10)": the usual hang guard, then the exceptions."""
    usual = Counter(plan.hang_guard for plan in plans).most_common(1)[0][0]
    others: dict[float, list[str]] = {}
    for plan in plans:
        if plan.hang_guard != usual:
            others.setdefault(plan.hang_guard, []).append(plan.exercise.number)
    text = f"{french.number(usual)} s"
    if others:
        parts = [
            f"{french.number(guard)} s pour {' et '.join(numbers)}"
            for guard, numbers in others.items()
        ]
        text += f" ({' ; '.join(parts)})"
    return text


def readme(slug: str, plans: Sequence[Planned], tests: Sequence[dict[str, Any]]) -> str:
    total = sum(plan.exercise.points for plan in plans)
    rows = "\n".join(
        f"| {test['name']} | {test['points']} | {plan.tests} | {test['timeout']} s |"
        for plan, test in zip(plans, tests, strict=True)
    )
    guards = _guards_text(plans)
    names = [f"`{name}`" for name in ("tests/", "tools/", *BUNDLE_ROOT_FILES)]
    replaced = f"{', '.join(names[:-1])} et {names[-1]}"
    worst, budget = worst_case_seconds(plans), job_budget()
    return f"""\
# Noter ces exercices avec Classroom 50

Ce dossier a été généré par `nox -s classroom50` (ou
`python -m tools.teacher.classroom50`) pour
[Classroom 50](https://github.com/foundation50/classroom50). Il contient :

| Fichier | Rôle |
|---|---|
| `{TESTS_FILE}` | les {len(tests)} tests du devoir (un par exercice), {total} points |
| `autograders/{slug}/` | le « bundle » : tests cachés et code de notation de référence |

Remplacer `ORG` par l'organisation GitHub, `CLASSE` par le nom court de la
classe, et garder `{slug}` comme identifiant (slug) du devoir, ou régénérer
avec `--slug`.

## 1. Publier le bundle

Le bundle va dans le dépôt de configuration `ORG/classroom50`, sous
`CLASSE/autograders/{slug}/` :

```console
git clone https://github.com/ORG/classroom50 && cd classroom50
mkdir -p CLASSE/autograders
cp -R CHEMIN/VERS/CE/DOSSIER/autograders/{slug} CLASSE/autograders/
git add CLASSE/autograders/{slug}
git commit -m "{slug} : tests de notation" && git push
```

Attendre la fin du workflow **Publish Pages** de ce dépôt, puis vérifier :

```console
curl -fsSL "https://ORG.github.io/classroom50/CLASSE/autograders/{slug}.tar.gz" | tar -tz
```

Ne pas mettre `{TESTS_FILE}` dans ce dossier (Classroom 50 génère lui-même le
`tests.json` du bundle), ni de fichier `autograder.py` (il remplacerait ces tests).

## 2. Créer le devoir

Avec le dépôt modèle des élèves (`nox -s template -- DOSSIER`, poussé comme
dépôt *template* sur GitHub, sans `solutions/` ni tests cachés) :

```console
gh teacher assignment add ORG CLASSE {slug} --name "Exercices asyncio" \\
    --template ORG/DEPOT-MODELE --tests {TESTS_FILE}
```

Relancer `gh teacher assignment add` remplace tout le devoir : repasser
`--template`, `--tests` et les autres options. Après une modification des tests
ou de `manifest.toml`, régénérer ce dossier, recopier le bundle et relancer la
commande. Le modèle ne doit pas contenir `.github/workflows/autograde.yaml`,
nom réservé par Classroom 50.

L'environnement par défaut de Classroom 50 (ubuntu-latest, Python 3.14)
convient. Pour fixer la version : `--runtime runtime.json` avec
`{{"python": "3.13"}}` (3.11 au minimum). Éviter `runtime.container` : l'image
doit alors fournir `python3`, avec `pip`.

## 3. Les tests

| Test | Points | Tests pytest | Délai (setup et run, chacun) |
|---|---|---|---|
{rows}

Pour chaque exercice, Classroom 50 lance dans la copie du dépôt de l'élève :

- `setup` : remplace
  {replaced}
  de l'élève par ceux du bundle, puis installe
  pytest, pytest-asyncio, pytest-timeout et psutil **aux versions de
  `uv.lock`** dans le Python de Classroom 50 (une seule fois par notation) ;
- `run` : `python3 -m pytest` sur les tests publics et cachés de cet exercice
  seulement. Un fichier d'exercice qui ne s'importe pas ne coûte que ses propres
  points.

**Tout ou rien.** Classroom 50 partage normalement les points d'un test
`python` entre les cas pytest réussis ; ici un exercice ne rapporte ses points
que si tous ses tests passent (un code de départ en réussit déjà une partie).
Le module `tools/grading/all_or_nothing.py` compte donc l'exercice comme un
seul cas : « pytest: 1/1 cases passed » s'il est validé, « 0/1 » sinon. Le
premier test en échec décide de l'exercice : les suivants ne sont pas lancés.
La sortie commence par le verdict en français et ce premier échec (ce que
montre la *Release*, limitée aux 2 000 premiers caractères).

**Délais.** Une correction juste passe en quelques secondes. Chaque test
pytest est arrêté au bout de {guards} s'il ne se termine pas, et le premier
échec termine l'exercice. Entre deux tests, pytest vérifie aussi le temps de
l'exercice entier (`--session-timeout`, la même durée) : une fois dépassé, il
ne lance plus de test, mais il n'arrête pas un test déjà commencé. Un test
commencé juste avant peut donc durer jusqu'à son propre délai : c'est alors le
délai de Classroom 50 (colonne ci-dessus) qui arrête l'exercice, et l'élève
n'a pas le verdict en français. Classroom 50 arrête tout le job de notation au
bout de 15 minutes : même si chaque exercice durait jusqu'à son délai de
Classroom 50, la notation durerait au plus {worst} s (étapes de la plateforme
comprises), sous les {budget} s gardés avec la marge.

## 4. Réglages conseillés du devoir

- **Dépôts privés** (le défaut de Classroom 50) : un élève ne voit pas le
  code des autres. Leurs exécutions sont alors décomptées des minutes Actions
  de l'organisation (au moins une minute chacune) ; une notation complète en
  prend deux à trois.
- **`allowed_files`** : la liste des fichiers que l'élève peut modifier ; les
  autres sont retirés avant la notation. Elle doit contenir ce que les tests
  lisent dans son dépôt, sinon tout échoue :

  ```json
  ["exercises/*.py", "tests/**", "tools/**", "conftest.py", "pyproject.toml",
   "uv.lock", "manifest.toml", "noxfile.py", "cours/**", "README.md", ".gitignore",
   ".devcontainer/**", ".vscode/**"]
  ```

  Ce n'est pas une protection (Classroom 50 le dit) : `setup` remet de toute
  façon les fichiers de référence du bundle.

## 5. Ce que voit l'élève

À chaque envoi (push sur la branche par défaut ou `gh student submit`),
une *Release* `submit/…` dans son dépôt : le score, un tableau avec une ligne
par exercice (PASS/FAIL et points), le début (2 000 caractères) de la sortie de
pytest pour chaque exercice en échec, avec nos messages en français, et un
`result.json`. Le journal complet est dans l'onglet Actions, étape
« Grade details » ; le commit reçoit le statut `classroom50/autograde`.

## 6. « Caché » veut dire non modifiable, pas illisible

Le bundle est servi publiquement par le site GitHub Pages de l'organisation :
un élève qui trouve l'adresse peut lire les tests cachés. Il ne peut pas les
modifier : `setup` remet les fichiers de référence avant chaque exercice. Le
bundle ne contient ni `solutions/` ni `tests/mutants/`.

Le code de l'élève s'exécute dans le même processus que les tests : un élève
décidé à tricher peut fausser sa note Classroom 50. Les notes définitives
viennent de la re-notation par l'enseignant, avec les tests de référence, des
commits rendus (`nox -s regrade -- DOSSIERS…`, voir le guide de l'enseignant).
"""


# -- putting it together ------------------------------------------------------


@dataclass(frozen=True)
class Output:
    tests_file: Path
    bundle: Path
    readme: Path
    tests: list[dict[str, Any]]


def plan(exercises: Sequence[Exercise], counts: dict[str, int]) -> list[Planned]:
    guard = default_hang_guard()
    return [Planned(ex, counts[ex.id], ex.timeout or guard) for ex in exercises]


def write_output(dest: Path, slug: str = DEFAULT_SLUG, manifest: Path = MANIFEST) -> Output:
    if not SLUG_PATTERN.match(slug):
        raise Classroom50Error(
            f"slug {slug!r} invalide : Classroom 50 attend {SLUG_PATTERN.pattern} "
            "(minuscules, chiffres et tirets, 2 à 39 caractères)"
        )
    exercises = load_manifest(manifest)
    plans = plan(exercises, count_tests(exercises))
    tests = build_tests(plans)
    errors = validate_tests(tests)
    worst, budget = worst_case_seconds(plans), job_budget()
    if worst > budget:
        errors.append(
            f"si chaque exercice bloque, la notation durerait jusqu'à {worst} s : plus que les "
            f"{budget} s que laissent les 15 minutes du job de Classroom 50 (marge de "
            f"{french.number(JOB_MARGIN * 100)} %) ; réduire les délais (timeout) du manifeste"
        )
    if errors:
        raise Classroom50Error("tableau de tests refusé par Classroom 50 :\n" + "\n".join(errors))
    dest.mkdir(parents=True, exist_ok=True)
    tests_file = dest / TESTS_FILE
    tests_file.write_text(json.dumps(tests, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    bundle = dest / "autograders" / slug
    write_bundle(bundle)
    readme_file = dest / "README.md"
    readme_file.write_text(readme(slug, plans, tests), encoding="utf-8")
    return Output(tests_file, bundle, readme_file, tests)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.teacher.classroom50",
        description="Écrit les tests, le bundle et le mode d'emploi pour Classroom 50.",
    )
    parser.add_argument("dest", type=Path, metavar="DEST", help="dossier de sortie")
    parser.add_argument(
        "--slug",
        default=DEFAULT_SLUG,
        help=f"identifiant du devoir dans Classroom 50 (par défaut {DEFAULT_SLUG})",
    )
    args = parser.parse_args(argv)
    try:
        out = write_output(args.dest, args.slug)
    except Classroom50Error as exc:
        print(f"classroom50 : {exc}", file=sys.stderr)
        return 1
    total = sum(test["points"] for test in out.tests)
    print(f"{out.tests_file} : {len(out.tests)} tests, {total} points")
    print(f"{out.bundle} : le bundle, à copier dans le dépôt classroom50")
    print(f"{out.readme} : le mode d'emploi")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Learn in which order each exercise's tests should run: tests/hidden/ordre.py.

    python -m tools.maintainer.learn_order [-k TEXT]... [--jobs N] [--charge N] [--check]

The first failing test decides an exercise (tools/grading/first_failure.py),
so a wrong answer waits for the tests that run before the one that catches
it. This runs every test of each exercise (`--tous-les-tests`) on its
solution, on its untouched stub and on each of its mutants (tests/mutants/,
the wrong answers the project knows), records which tests each wrong answer
fails and how long every test took on it, then orders the tests greedily:
next comes the test that catches the most of the wrong answers not caught
yet per second it costs them (the stub weighs STUB_WEIGHT mutants: it is
every student's first push). A student reads only the first failure, so a
test never comes before one that tells a mutant's mistake when it would
catch that mutant first without telling it (its message lacks the mutant's
Message attendu »), unless no order avoids it: `telling`. The tests that
catch none follow, quickest first. The stub's first failure comes from a
public test where one fails it, the first one in its file (a first push then
shows what the student's own run, without tests/hidden/ordre.py, showed),
unless that leaves a wrong answer slower than WORST_RATIO × the solution.
Then a local search moves tests earlier while that brings the slowest wrong
answer within WORST_RATIO × its solution, then more of them within
FIRST_VERDICT seconds of pytest's start (the student's first verdict).
Then it writes tests/hidden/ordre.py: the order, and each solution's
duration, which the grader uses to start the longest exercises first.

The order changes how soon a wrong answer is decided, never a verdict: a
correct answer runs every test whatever the order. `--check` says whether
the file names exactly the tests that exist (what the self-check requires),
without running anything. Run it again after adding, removing or renaming a
test or a mutant, on an idle machine (the durations weigh the choice), one
exercise at a time unless `--jobs` says otherwise.

Every answer is measured twice: once at idle, once beside `--charge` busy
processes (one per core by default), and the order weighs each test at the
longer of its two durations (`slower_of`). A test that starts processes or
pushes megabytes through a socket costs twice as much beside a browser or
another job, one that sleeps costs the same: in bench26, run beside a
stress, ex07's answers decided after its process tests waited 1,75 to
2,49 s. `--charge 0` measures at idle only.

Each test's cost is measured in file order, as if it were independent of
the others. Tests that share a cached observation are not: ex07's tests
share one per start method, which the first test of that method pays, so
the tests that reuse it look free, wherever the order puts them (the order
learnt on 2026-12-07 put two of them second and third, where they pay it).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.common.paths import HIDDEN_TESTS, PUBLIC_TESTS, ROOT, TREES
from tools.grading.results import CaseResult
from tools.grading.test_order import OPTION as ALL_TESTS
from tools.grading.test_order import expected_seconds, load_order, test_key
from tools.maintainer.selfcheck import (
    grade_mutant,
    mutants_of,
    normalized,
    order_key,
    run_tests,
    stale_order,
    test_files,
)
from tools.maintainer.stress import spinning
from tools.teacher.classroom50 import collected_tests

ORDER_FILE = HIDDEN_TESTS / "ordre.py"
STUB_WEIGHT = 3.0
# A pytest process's seconds before its first test (bench: 0,5 to 0,7 s here),
# counted on both sides of a wrong answer's time over the solution's.
PROCESS_START = 0.6
# No known wrong answer should take longer than this × its solution (issue 18).
WORST_RATIO = 1.5
# ...and each should show its first French verdict within this many seconds of
# pytest's start: where that cannot hold for all, for as many as the order can.
FIRST_VERDICT = 1.5
# What `pytest NN` spends besides the tests before the first verdict shows
# (its start, collection and report), as `nox -s bench` measures it: 0,18 to
# 0,22 s over 306 wrong answers (bench25, 2026-12-07). PROCESS_START counted
# here put 0,4 s too many before every verdict, and the orders gave up on
# answers the student would have seen judged in time.
PYTEST_START = 0.2
HEADER = '''"""L'ordre des tests de chaque exercice, et la durée de chaque solution.

Généré par `python -m tools.maintainer.learn_order` : ne pas modifier à la main.
Le premier échec décide d'un exercice (tools/grading/first_failure.py) : les
tests qui attrapent le plus d'erreurs connues (le code de départ, les mutants)
en le moins de temps passent d'abord. Une bonne réponse lance tous les tests,
dans n'importe quel ordre : l'ordre ne change aucun verdict.
"""

# fmt: off
'''


@dataclass(frozen=True)
class Observed:
    """Every test of one exercise on one answer: failed or not, seconds."""

    weight: float
    outcomes: Mapping[str, tuple[bool, float]]
    stub: bool = False
    # The tests whose failure says the mutant's « Message attendu »; empty:
    # any failure will do (the stub).
    telling: frozenset[str] = frozenset()

    def fails(self, test: str) -> bool:
        return self.outcomes.get(test, (False, 0.0))[0]

    @property
    def caught(self) -> bool:
        """Whether some test fails this answer: the others no order can
        decide, so they count in no figure of the search."""
        return any(failed for failed, _ in self.outcomes.values())

    def misled_by(self, test: str) -> bool:
        """Whether `test`, run first, would decide this answer with a
        message that does not name its mistake."""
        return bool(self.telling) and self.fails(test) and test not in self.telling


def base_name(test: str) -> str:
    """ "public::test_x[p]" -> "test_x"."""
    return test.split("::", 1)[-1].split("[", 1)[0]


def public_positions(exercise: Exercise) -> dict[str, int]:
    """Each public test function's rank in its file: the order in which a
    student's clone (no tests/hidden/ordre.py there) runs them."""
    path = PUBLIC_TESTS / exercise.test_file_name
    if not path.is_file():
        return {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    ]
    return {name: index for index, name in enumerate(names)}


def score(
    test: str, undecided: Sequence[Observed], solution: Mapping[str, float]
) -> tuple[float, float]:
    """Weight caught per second spent on the undecided answers; then the quickest."""
    caught = sum(w.weight for w in undecided if w.fails(test))
    cost = sum(w.weight * w.outcomes.get(test, (False, 0.0))[1] for w in undecided)
    return (caught / max(cost, 1e-3), -solution.get(test, 0.0))


def greedy(
    tests: Sequence[str],
    wrong: Sequence[Observed],
    solution: Mapping[str, float],
    positions: Mapping[str, int] | None = None,
) -> list[str]:
    """The order with the stub decided by a public test (see below), unless
    that leaves a wrong answer slower than WORST_RATIO × the solution when
    the order without that rule does better."""
    kept = greedy_from(tests, wrong, solution, public_first=True, positions=positions)
    solution_s = sum(solution.values())
    ratio = worst(kept, wrong, solution_s)[0]
    if ratio <= WORST_RATIO and not misled(kept, wrong):
        return kept
    free = greedy_from(tests, wrong, solution, public_first=False)

    def rank(order: list[str]) -> tuple[int, float]:
        return (misled(order, wrong), max(worst(order, wrong, solution_s)[0], WORST_RATIO))

    return free if rank(free) < rank(kept) else kept


def greedy_from(
    tests: Sequence[str],
    wrong: Sequence[Observed],
    solution: Mapping[str, float],
    *,
    public_first: bool,
    positions: Mapping[str, int] | None = None,
) -> list[str]:
    """Next, the test that catches the most not-yet-caught weight per second
    it costs those answers; the tests that catch nothing more, quickest first."""
    order: list[str] = []
    left = list(tests)
    undecided = [w for w in wrong if w.caught]
    # The untouched stub is decided by a public test where one fails it: the
    # message a first push shows is then the one the student's own run (no
    # hidden tests there) already showed.
    stub = next((w for w in wrong if w.stub), None) if public_first else None
    public = [
        test
        for test in left
        if stub is not None and test.startswith("public::") and stub.outcomes[test][0]
    ]
    # Not one that would decide a mutant without naming its mistake, if any other.
    public = [t for t in public if not any(w.misled_by(t) for w in wrong)] or public
    if stub is not None and public:
        # The one the student's run meets first: the public file's order.
        where = positions or {}
        first = min(
            public,
            key=lambda test: (where.get(base_name(test), len(where)), stub.outcomes[test][1]),
        )
        order.append(first)
        left.remove(first)
        undecided = [w for w in undecided if not w.fails(first)]
    fixed = len(order)
    while undecided and left:
        # Tests that would decide an undecided answer without naming its
        # mistake wait, as long as another test can still catch something.
        fair = [t for t in left if not any(w.misled_by(t) for w in undecided)]
        useful = [t for t in fair if score(t, undecided, solution)[0] > 0]
        best = max(useful or left, key=lambda test: score(test, undecided, solution))
        if score(best, undecided, solution)[0] == 0:
            break
        order.append(best)
        left.remove(best)
        undecided = [w for w in undecided if not w.fails(best)]
    order += sorted(left, key=lambda test: solution.get(test, 0.0))
    return improve(order, wrong, sum(solution.values()), fixed)


def decision_time(order: Sequence[str], answer: Observed) -> float:
    """Seconds of tests an answer runs, in `order`, up to its first failure."""
    total = 0.0
    for test in order:
        failed, seconds = answer.outcomes.get(test, (False, 0.0))
        total += seconds
        if failed:
            break
    return total


def first_verdict(order: Sequence[str], answer: Observed) -> float:
    """Seconds from pytest's start to the answer's first failure, in `order`:
    what the student waits for (issue 18's FIRST_VERDICT)."""
    return PYTEST_START + decision_time(order, answer)


def misled(order: Sequence[str], wrong: Sequence[Observed]) -> int:
    """How many answers the order decides by a failure that does not name
    their mistake."""
    count = 0
    for answer in wrong:
        first = next((test for test in order if answer.fails(test)), None)
        count += first is not None and answer.misled_by(first)
    return count


def quality(
    order: Sequence[str], wrong: Sequence[Observed], solution_s: float
) -> tuple[int, float, float, float]:
    """What `improve` lowers, in this order: the answers misled; how far the
    slowest answer's ratio goes past WORST_RATIO (0 within it); the weight of
    the answers whose first verdict comes later than FIRST_VERDICT; the
    weighted total time."""
    ratio, total = worst(order, wrong, solution_s)
    late = sum(w.weight for w in wrong if w.caught and first_verdict(order, w) > FIRST_VERDICT)
    return (misled(order, wrong), round(max(0.0, ratio - WORST_RATIO), 3), late, total)


def worst(
    order: Sequence[str], wrong: Sequence[Observed], solution_s: float
) -> tuple[float, float]:
    """The slowest wrong answer's time to its verdict over the solution's (a
    pytest process's start on both sides), then the weighted total time."""
    caught = [w for w in wrong if w.caught]
    ratios = [
        (PROCESS_START + decision_time(order, w)) / (PROCESS_START + solution_s) for w in caught
    ]
    total = sum(w.weight * decision_time(order, w) for w in caught)
    return (round(max(ratios, default=0.0), 3), total)


def improve(
    order: Sequence[str], wrong: Sequence[Observed], solution_s: float, fixed: int
) -> list[str]:
    """Then, while it lowers `quality` (never misleading one more answer,
    then the slowest answer's ratio while past WORST_RATIO, then how many
    answers wait past FIRST_VERDICT, then the total): move one test earlier,
    the move that lowers it most. The first `fixed` tests stay (the stub's
    public test). Lowering only the slowest answer's ratio, as it once did,
    put ex09's 1,3 s test second for an answer that no order decides within
    FIRST_VERDICT, and every other answer then waited for it."""
    best = list(order)
    best_score = quality(best, wrong, solution_s)
    for _ in range(200):
        found = None
        for test in best[fixed:]:
            for position in range(fixed, best.index(test)):
                trial = [t for t in best if t != test]
                trial.insert(position, test)
                score_ = quality(trial, wrong, solution_s)
                if score_ < best_score and (found is None or score_ < found[0]):
                    found = (score_, trial)
        if found is None:
            break
        best_score, best = found
    return best


def observe(
    cases: Sequence[CaseResult],
    weight: float,
    stub: bool = False,
    phrases: Sequence[str] = (),
) -> Observed:
    """An answer's outcomes; with `phrases` (a mutant's « Message attendu »),
    the failing tests whose message says them all."""
    wanted = [normalized(phrase) for phrase in phrases]
    telling = frozenset(
        order_key(c)
        for c in cases
        if wanted and c.outcome != "passed" and all(p in normalized(c.message) for p in wanted)
    )
    outcomes = {order_key(c): (c.outcome != "passed", c.duration_s) for c in cases}
    return Observed(weight, outcomes, stub, telling)


@dataclass(frozen=True)
class Observations:
    """Every test of one exercise on its solution and on its wrong answers."""

    solution: Mapping[str, float]  # test -> seconds
    wrong: Sequence[Observed]

    def order(self, positions: Mapping[str, int] | None = None) -> list[str]:
        return greedy(sorted(self.solution), self.wrong, self.solution, positions)

    def to_json(self) -> dict[str, object]:
        return {
            "solution": dict(self.solution),
            "wrong": [
                {
                    "weight": w.weight,
                    "stub": w.stub,
                    "outcomes": dict(w.outcomes),
                    "telling": sorted(w.telling),
                }
                for w in self.wrong
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Observations:
        wrong = [
            Observed(
                float(w["weight"]),
                {t: (bool(o[0]), float(o[1])) for t, o in w["outcomes"].items()},
                bool(w["stub"]),
                frozenset(w.get("telling", ())),
            )
            for w in data["wrong"]
        ]
        return cls({t: float(v) for t, v in data["solution"].items()}, wrong)


def slower_of(calm: Observations, busy: Observations) -> Observations:
    """The two measures of one exercise as one: each test at the longer of
    its durations; a test catches an answer only where it failed it in both,
    and tells its mistake only where both messages did (a test that failed
    in one measure only is not one to count on)."""
    if len(calm.wrong) != len(busy.wrong):
        raise ValueError("deux mesures de réponses différentes")

    def longer(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
        return {test: max(a[test], b.get(test, 0.0)) for test in a}

    wrong = []
    for one, other in zip(calm.wrong, busy.wrong, strict=True):
        if one.stub != other.stub or one.weight != other.weight:
            raise ValueError("deux mesures de réponses différentes")
        outcomes = {
            test: (
                failed and other.fails(test),
                max(seconds, other.outcomes.get(test, (False, 0.0))[1]),
            )
            for test, (failed, seconds) in one.outcomes.items()
        }
        wrong.append(Observed(one.weight, outcomes, one.stub, one.telling & other.telling))
    return Observations(longer(calm.solution, busy.solution), wrong)


CALM, BUSY = "calme", "charge"
KINDS = {CALM: "au calme", BUSY: "à côté de processus occupés"}


def measured(saved: Mapping[str, Any]) -> Mapping[str, Any]:
    """One exercise's saved measures by kind; a file of one measure (before
    `--charge`) holds the idle one."""
    return saved if CALM in saved else {CALM: saved}


def combined(measures: Mapping[str, Observations]) -> Observations:
    """What the order weighs: the idle measure, or each test's slower figure."""
    if BUSY in measures:
        return slower_of(measures[CALM], measures[BUSY])
    return measures[CALM]


def estimate(order: Sequence[str], observations: Observations) -> str:
    """How an order does on one measure, in French."""
    if not order:
        return "aucun"
    solution_s = sum(observations.solution.values())
    ratio, _ = worst(order, observations.wrong, solution_s)
    caught = [w for w in observations.wrong if w.caught]
    firsts = [first_verdict(order, w) for w in caught]
    quick = sum(seconds <= FIRST_VERDICT for seconds in firsts)
    return (
        f"{quick} sur {len(caught)} premiers verdicts en {french.decimal(FIRST_VERDICT, 1)} s "
        f"ou moins (le plus tardif : {french.decimal(max(firsts, default=0.0), 2)} s), la "
        f"plus lente {french.decimal(ratio, 2)} × la solution"
    )


def measure_all(
    exercises: Sequence[Exercise], jobs: int, charge: int
) -> dict[Exercise, dict[str, Observations]]:
    """Each exercise measured at idle, then beside `charge` busy processes."""
    kinds = {CALM: 0, BUSY: charge} if charge > 0 else {CALM: 0}
    found: dict[Exercise, dict[str, Observations]] = {ex: {} for ex in exercises}
    with tempfile.TemporaryDirectory(prefix="ordre-") as tmp:
        for kind, spinners in kinds.items():

            def one(exercise: Exercise, kind: str = kind) -> Observations:
                folder = Path(tmp) / kind / exercise.id
                folder.mkdir(parents=True)
                observations = measure(exercise, folder)
                print(f"  {exercise.id} : mesuré {KINDS[kind]}", flush=True)
                return observations

            with spinning(spinners), ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                for exercise, observations in zip(exercises, pool.map(one, exercises), strict=True):
                    found[exercise][kind] = observations
    return found


def measure(exercise: Exercise, work: Path) -> Observations:
    """Every test on the solution, the stub and each mutant."""
    files = [f for f in test_files(exercise) if f.is_file()]
    extra = [ALL_TESTS]
    label = exercise.id
    solution = run_tests(TREES["solutions"], files, work, f"{label}-solution", extra)
    stub = run_tests(TREES["exercises"], files, work, f"{label}-depart", extra)
    wrong = [observe(stub, STUB_WEIGHT, stub=True)]
    for mutant in mutants_of(exercise):
        cases = grade_mutant(mutant, work, extra)
        wrong.append(observe(cases, 1.0, phrases=mutant.expected_phrases))
    return Observations({order_key(c): c.duration_s for c in solution}, wrong)


def render(orders: Mapping[str, Sequence[str]], seconds: Mapping[str, float]) -> str:
    lines = [HEADER + "ORDRE: dict[str, tuple[str, ...]] = {"]
    for exercise_id, tests in orders.items():
        lines.append(f'    "{exercise_id}": (')
        # pytest writes ids outside ASCII escaped ("entr\\xe9e"): a JSON string
        # is a Python literal that keeps the backslash.
        lines += [f"        {json.dumps(test, ensure_ascii=False)}," for test in tests]
        lines.append("    ),")
    lines += ["}", "", "DUREES: dict[str, float] = {"]
    # Python code, not a text for people: a decimal point.
    lines += [
        f'    "{exercise_id}": {round(value, 2)!r},' for exercise_id, value in seconds.items()
    ]
    lines += ["}", "# fmt: on", ""]
    return "\n".join(lines)


def collected_keys(files: Sequence[Path]) -> set[str]:
    """The tests pytest collects from `files`, named as in tests/hidden/ordre.py."""
    return {test_key(path, name) for path, name in collected_tests([str(f) for f in files])}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="only", action="append", help="seulement ces exercices")
    # One exercise at a time by default: measured side by side on 2 cores, a
    # test that starts `spawn` processes looked 0,3 s cheaper than the bench
    # then found it, and the order built on that left two ex07 answers slow.
    parser.add_argument(
        "--jobs", type=int, default=1, help="exercices mesurés en même temps (1 : durées au calme)"
    )
    parser.add_argument("--check", action="store_true", help="vérifie le fichier, sans mesurer")
    parser.add_argument(
        "--mesures", type=Path, help="écrit ce qui a été mesuré dans ce fichier JSON"
    )
    parser.add_argument(
        "--depuis", type=Path, help="ordonne depuis le JSON d'un --mesures, sans rien lancer"
    )
    parser.add_argument(
        "--charge",
        type=int,
        default=os.cpu_count() or 2,
        help="processus occupés pendant la seconde mesure (défaut : un par cœur ; 0 : au calme "
        "seulement)",
    )
    args = parser.parse_args(argv)
    exercises = [
        ex for ex in load_manifest() if not args.only or any(word in ex.id for word in args.only)
    ]
    if args.check:
        problems = [
            problem
            for ex in exercises
            for problem in stale_order(
                ex, collected_keys([f for f in test_files(ex) if f.is_file()]), load_order()
            )
        ]
        for problem in problems:
            print(problem)
        print("tests/hidden/ordre.py à jour." if not problems else
              "Relance : python -m tools.maintainer.learn_order")  # fmt: skip
        return 1 if problems else 0
    if args.depuis is not None:
        saved = json.loads(args.depuis.read_text(encoding="utf-8"))
        measures = {
            ex: {
                kind: Observations.from_json(data) for kind, data in measured(saved[ex.id]).items()
            }
            for ex in exercises
            if ex.id in saved
        }
    else:
        measures = measure_all(exercises, args.jobs, args.charge)
    if args.mesures is not None:
        args.mesures.write_text(
            json.dumps(
                {ex.id: {k: o.to_json() for k, o in m.items()} for ex, m in measures.items()},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    observed = {ex: combined(m) for ex, m in measures.items()}
    orders = {ex.id: tuple(o.order(public_positions(ex))) for ex, o in observed.items()}
    # The grader starts the longest exercises first: their idle durations.
    seconds = {ex.id: sum(m[CALM].solution.values()) for ex, m in measures.items()}
    before = load_order()
    for ex, m in measures.items():
        for kind, o in m.items():
            print(f"  {ex.id}, {KINDS[kind]} : {estimate(orders[ex.id], o)} ; l'ordre "
                  f"d'avant : {estimate(before.get(ex.id, ()), o)}")  # fmt: skip
    if args.only:  # keep the other exercises as they were
        every = [ex.id for ex in load_manifest()]
        orders = {**{k: tuple(v) for k, v in load_order().items()}, **orders}
        seconds = {**expected_seconds(), **seconds}
        orders = {ex_id: tuple(orders[ex_id]) for ex_id in every if ex_id in orders}
        seconds = {ex_id: seconds[ex_id] for ex_id in every if ex_id in seconds}
    ORDER_FILE.write_text(render(orders, seconds), encoding="utf-8")
    print(f"Écrit : {ORDER_FILE.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

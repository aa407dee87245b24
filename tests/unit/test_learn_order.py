"""tools/maintainer/learn_order.py: the order of an exercise's tests, learned
from the wrong answers; and the self-check's view of a stale order."""

from __future__ import annotations

from tools.common.manifest import load_manifest
from tools.maintainer.learn_order import (
    BUSY,
    CALM,
    FIRST_VERDICT,
    Observations,
    Observed,
    decision_time,
    first_verdict,
    greedy,
    measured,
    misled,
    render,
    slower_of,
    worst,
)
from tools.maintainer.selfcheck import stale_order

SOLUTION = {"public::lent": 2.0, "hidden::rapide": 0.1, "hidden::moyen": 0.5, "hidden::rien": 0.2}


def answer(failed: set[str], seconds: dict[str, float], *, stub: bool = False) -> Observed:
    weight = 3.0 if stub else 1.0
    return Observed(weight, {t: (t in failed, seconds.get(t, 0.1)) for t in SOLUTION}, stub)


def test_the_test_catching_most_per_second_comes_first() -> None:
    wrong = [
        answer({"hidden::rapide"}, {}),
        answer({"hidden::rapide", "hidden::moyen"}, {}),
        answer({"hidden::moyen"}, {}),
    ]
    order = greedy(list(SOLUTION), wrong, SOLUTION)
    assert order[:2] == ["hidden::rapide", "hidden::moyen"]
    # What catches nothing more follows, quickest solution first.
    assert order[2:] == ["hidden::rien", "public::lent"]


def test_the_slowest_wrong_answer_is_then_decided_sooner() -> None:
    # Caught by "moyen" only, and slow on every test: greedily it would wait
    # for "rapide" and "rien" first.
    slow = answer({"hidden::moyen"}, dict.fromkeys(SOLUTION, 1.0))
    wrong = [answer({"hidden::rapide"}, {}), answer({"hidden::rapide"}, {}), slow]
    order = greedy(list(SOLUTION), wrong, SOLUTION)
    assert order.index("hidden::moyen") < order.index("hidden::rien")
    assert decision_time(order, slow) == 1.0
    before = ["hidden::rapide", "hidden::rien", "hidden::moyen", "public::lent"]
    assert worst(order, wrong, sum(SOLUTION.values())) < worst(
        before, wrong, sum(SOLUTION.values())
    )


def test_the_stub_is_decided_by_a_public_test_when_one_fails_it() -> None:
    stub = answer({"public::lent", "hidden::rapide"}, {"public::lent": 2.0}, stub=True)
    order = greedy(list(SOLUTION), [stub, answer({"hidden::rapide"}, {})], SOLUTION)
    assert order[0] == "public::lent"
    assert order[1] == "hidden::rapide"


def test_a_slow_catcher_goes_after_a_quick_one_catching_as_much() -> None:
    wrong = [answer({"hidden::moyen", "hidden::rapide"}, {"hidden::moyen": 3.0})]
    assert greedy(list(SOLUTION), wrong, SOLUTION)[0] == "hidden::rapide"


def test_the_rendered_file_is_python_that_reads_back() -> None:
    # pytest escapes ids outside ASCII: the backslash is part of the name.
    tests = ("hidden::a", "public::b[1-2]", "hidden::c[entr\\xe9e]")
    text = render({"ex01_x": tests}, {"ex01_x": 1.234})
    namespace: dict[str, object] = {}
    exec(compile(text, "ordre.py", "exec"), namespace)
    assert namespace["ORDRE"] == {"ex01_x": tests}
    assert namespace["DUREES"] == {"ex01_x": 1.23}


def test_a_stale_order_is_named_both_ways() -> None:
    exercise = load_manifest()[0]
    order = {exercise.id: ("hidden::a", "hidden::disparu")}
    problems = stale_order(exercise, {"hidden::a", "public::nouveau"}, order)
    assert len(problems) == 2
    assert "public::nouveau" in problems[0]
    assert "hidden::disparu" in problems[1]
    assert stale_order(exercise, {"hidden::a", "hidden::disparu"}, order) == []
    # Where some tests exist elsewhere only, a name without a test is no problem.
    assert stale_order(exercise, {"hidden::a"}, order, gone_too=False) == []


def test_the_stub_s_public_test_is_the_first_its_file_runs() -> None:
    solution = {"public::a": 0.1, "public::b": 0.1, "hidden::c": 0.1}
    stub = Observed(3.0, {"public::a": (True, 0.5), "public::b": (True, 0.1),
                          "hidden::c": (True, 0.1)}, stub=True)  # fmt: skip
    # Without the file's order, the quicker one; with it, the one a student's
    # own run (no tests/hidden/ordre.py) meets first.
    assert greedy(list(solution), [stub], solution)[0] == "public::b"
    assert greedy(list(solution), [stub], solution, {"a": 0, "b": 1})[0] == "public::a"


def test_a_test_that_would_decide_a_mutant_without_naming_its_mistake_waits() -> None:
    # "rapide" catches both mutants cheaply, but the second one's mistake is
    # named only by "moyen": run first, "rapide" would tell that student
    # something else.
    told = Observed(
        1.0,
        {t: (t in {"hidden::rapide", "hidden::moyen"}, 0.1) for t in SOLUTION},
        telling=frozenset({"hidden::moyen"}),
    )
    wrong = [answer({"hidden::rapide"}, {}), answer({"hidden::rapide"}, {}), told]
    order = greedy(list(SOLUTION), wrong, SOLUTION)
    assert order.index("hidden::moyen") < order.index("hidden::rapide")
    assert misled(order, wrong) == 0
    assert misled(["hidden::rapide", "hidden::moyen"], wrong) == 1


def test_a_mutant_every_test_misleads_does_not_block_the_order() -> None:
    hopeless = Observed(
        1.0,
        {t: (t == "hidden::rapide", 0.1) for t in SOLUTION},
        telling=frozenset({"hidden::rien"}),  # a test it does not fail
    )
    order = greedy(list(SOLUTION), [hopeless, answer({"hidden::moyen"}, {})], SOLUTION)
    assert sorted(order) == sorted(SOLUTION)
    assert order.index("hidden::rapide") < order.index("public::lent")


def test_an_answer_no_order_decides_in_time_does_not_hold_up_the_others() -> None:
    # ex09's case: one answer is caught only by a 1,3 s test (and is slow on
    # the others), so no order shows its verdict within FIRST_VERDICT; four
    # others are caught by 0,1 s tests. Moving the slow test first would
    # lower the slowest answer's time, and make the four others late.
    slow_only = answer(
        {"hidden::moyen"}, {"hidden::rapide": 0.5, "hidden::rien": 0.5, "hidden::moyen": 1.3}
    )
    quick = [answer({"hidden::rapide"}, {"hidden::moyen": 1.3}) for _ in range(2)]
    quick += [answer({"hidden::rien"}, {"hidden::moyen": 1.3}) for _ in range(2)]
    order = greedy(list(SOLUTION), [slow_only, *quick], SOLUTION)
    assert order.index("hidden::moyen") > order.index("hidden::rien")
    assert all(first_verdict(order, w) <= FIRST_VERDICT for w in quick)


def test_the_two_measures_weigh_each_test_at_its_slower_and_count_only_sure_catches() -> None:
    calm = Observations(
        {"public::a": 0.3, "hidden::b": 0.1},
        [Observed(1.0, {"public::a": (True, 0.3), "hidden::b": (True, 0.1)},
                  telling=frozenset({"public::a", "hidden::b"}))],
    )  # fmt: skip
    busy = Observations(
        {"public::a": 0.6, "hidden::b": 0.1},
        [Observed(1.0, {"public::a": (True, 0.7), "hidden::b": (False, 0.2)},
                  telling=frozenset({"public::a"}))],
    )  # fmt: skip
    both = slower_of(calm, busy)
    assert both.solution == {"public::a": 0.6, "hidden::b": 0.1}
    assert both.wrong[0].outcomes == {"public::a": (True, 0.7), "hidden::b": (False, 0.2)}
    assert both.wrong[0].telling == {"public::a"}


def test_a_measure_saved_before_the_busy_one_reads_as_the_idle_one() -> None:
    saved = {"solution": {"public::a": 0.3}, "wrong": []}
    assert measured(saved) == {CALM: saved}
    assert measured({CALM: saved, BUSY: saved})[BUSY] is saved

"""The runner of the exfiltration corpus (tools/maintainer/exfiltration.py): its pure parts.

Re-grading the corpus takes about 20 s and is its own step of `nox -s check`
(`python -m tools.maintainer.exfiltration`, with and without `--sans-isolation`
by hand); these tests read the case files and judge made-up rows, outputs and
verdicts, so that each check is shown able to fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.maintainer.exfiltration import (
    Case,
    Verdict,
    contrast_failures,
    exit_status,
    judge_observations,
    judge_row,
    load_cases,
    read_observations,
    render,
)

CASE = '''"""Résout des noms.

Exercice : ex02_gather
Attendu sans bac à sable : sorti
Observe : dns route
"""
'''


def case(escapes: bool = True, observes: tuple[str, ...] = ()) -> Case:
    return Case("cas", "ex02_gather", Path("cas.py"), "Résout des noms.", escapes, observes)


def test_a_case_declares_what_it_does_without_the_sandbox_and_what_it_observes(
    tmp_path: Path,
) -> None:
    (tmp_path / "cas.py").write_text(CASE, encoding="utf-8")
    [loaded] = load_cases(tmp_path)
    assert loaded.exercise == "ex02_gather"
    assert loaded.escapes_without_sandbox is True
    assert loaded.observes == ("dns", "route")
    (tmp_path / "cas.py").write_text(CASE.replace(": sorti", ": contenu"), encoding="utf-8")
    assert load_cases(tmp_path)[0].escapes_without_sandbox is False


def test_a_case_without_its_expectation_or_with_an_unknown_observation_is_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cas.py"
    path.write_text(CASE.replace("Attendu sans bac à sable : sorti\n", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="Attendu sans bac à sable"):
        load_cases(tmp_path)
    path.write_text(CASE.replace(": dns route", ": dns courriel"), encoding="utf-8")
    with pytest.raises(ValueError, match="courriel"):
        load_cases(tmp_path)


def test_every_shipped_case_declares_its_expectation_and_the_network_one_observes() -> None:
    cases = {c.name: c for c in load_cases()}
    assert cases["appelle_le_reseau"].observes == ("dns", "route")
    # The contrast run proves the detectors only through cases expected out.
    assert any(c.escapes_without_sandbox for c in cases.values())
    # A case that observes reports through its marker (replaced by the runner).
    for c in cases.values():
        if c.observes:
            assert "__MARQUEUR__:" in c.path.read_text(encoding="utf-8")


def test_observations_are_read_from_the_regrades_output_by_marker(tmp_path: Path) -> None:
    (tmp_path / "resume.md").write_text(
        "RuntimeError: m-1:dns=non m-1:route=oui\nun autre cas : m-2:dns=oui\n",
        encoding="utf-8",
    )
    (tmp_path / "sous").mkdir()
    (tmp_path / "sous" / "journal.txt").write_text("m-1:dns=non", encoding="utf-8")
    assert read_observations(tmp_path, "m-1") == {"dns": {"non"}, "route": {"oui"}}
    assert read_observations(tmp_path / "absent", "m-1") == {}


def test_an_observation_that_got_out_is_a_problem_and_a_missing_one_a_fault() -> None:
    verdict = Verdict(case(observes=("dns", "route")))
    judge_observations(verdict, {"dns": {"non"}, "route": {"non"}})
    assert verdict.problems == []
    assert verdict.faults == []
    judge_observations(verdict, {"dns": {"non", "oui"}, "route": {"non"}})
    assert verdict.problems == ["a résolu un nom de domaine"]
    verdict = Verdict(case(observes=("dns", "route")))
    judge_observations(verdict, {"dns": {"non"}})
    assert verdict.problems == []
    assert len(verdict.faults) == 1
    assert "route" in verdict.faults[0]


def test_the_case_gets_no_point_and_the_control_keeps_all_of_them() -> None:
    row = {"eleve": "cas", "ex02": "0", "ex04": "6", "drapeaux": ""}
    verdict = Verdict(case())
    judge_row(verdict, row, "ex02", "ex04", 6)
    assert verdict.problems == []
    assert verdict.faults == []
    verdict = Verdict(case())
    judge_row(verdict, {**row, "ex02": "4"}, "ex02", "ex04", 6)
    assert verdict.problems == ["la copie a obtenu 4 point(s) au lieu de 0"]
    verdict = Verdict(case())
    judge_row(verdict, {**row, "ex04": "2"}, "ex02", "ex04", 6)
    assert verdict.problems == ["l'exercice témoin n'a que 2 point(s)"]
    verdict = Verdict(case())
    judge_row(verdict, {**row, "drapeaux": "ERREUR de notation"}, "ex02", "ex04", 6)
    assert verdict.faults
    assert not verdict.problems


def test_with_the_sandbox_any_escape_or_fault_fails_the_run() -> None:
    contained = Verdict(case())
    assert exit_status([contained], isolated=True) == 0
    assert exit_status([contained, Verdict(case(), problems=["x"])], isolated=True) == 1
    assert exit_status([contained, Verdict(case(), faults=["x"])], isolated=True) == 1


def test_without_the_sandbox_an_expected_escape_not_seen_fails_the_run() -> None:
    out = Verdict(case(escapes=True), problems=["écrit dehors"])
    held = Verdict(case(escapes=False))
    assert contrast_failures([out, held]) == []
    assert exit_status([out, held], isolated=False) == 0
    # The detectors saw nothing of a case that gets out without the sandbox.
    blind = Verdict(case(escapes=True))
    [failure] = contrast_failures([blind])
    assert "aucune sortie vue" in failure
    assert exit_status([out, blind], isolated=False) == 1
    # A case declared held that got out: its declaration or the grader is wrong.
    leaked = Verdict(case(escapes=False), problems=["processus encore en vie : [12]"])
    [failure] = contrast_failures([leaked])
    assert "« contenu »" in failure
    assert exit_status([leaked], isolated=False) == 1
    # A fault proves nothing, even when it looks like an escape.
    assert exit_status([Verdict(case(), problems=["x"], faults=["y"])], isolated=False) == 1


def test_the_contrast_table_shows_what_was_expected() -> None:
    text = render(
        [Verdict(case(escapes=True)), Verdict(case(escapes=False), faults=["absente"])],
        isolated=False,
    )
    assert "contenu (ATTENDU : sorti)" in text
    assert "contenu (contenu), RIEN DE PROUVÉ" in text
    assert "    ! absente" in text
    assert "SORTI" in render([Verdict(case(), problems=["x"])], isolated=True)


def test_a_control_exercise_that_lost_points_is_a_problem() -> None:
    bomb = Case("bombe_de_processus", "ex02_gather", Path("cas.py"), "Une bombe.", False, ())
    verdict = Verdict(bomb)
    judge_row(verdict, {"eleve": "b", "ex02": "0", "ex04": "0", "drapeaux": ""}, "ex02", "ex04", 6)
    assert verdict.problems == ["l'exercice témoin n'a que 0 point(s)"]

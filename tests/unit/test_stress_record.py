"""Recorded stress runs count for an exercise only while its digest is the tree's."""

import json

from tools.common.manifest import load_manifest
from tools.maintainer import stress, stress_record

EXERCISES = load_manifest()
EX02 = next(ex for ex in EXERCISES if ex.id == "ex02_gather")
EX03 = next(ex for ex in EXERCISES if ex.id == "ex03_create_task")


def write(path, digests, wrong, rounds=200):
    path.write_text(
        json.dumps(
            {
                "rounds": rounds,
                "python": "3.13.0",
                "cores": 2,
                "load_after": [5.1, 4.0, 3.2],
                "graded_digest": digests,
                "wrong": {f"{e}:{k}": v for e, kinds in wrong.items() for k, v in kinds.items()},
                "worst_margins": {"solutions": {"C1 : boucle bloquée (s)": 2.6}, "wrong": {}},
            }
        ),
        encoding="utf-8",
    )
    return path


def test_a_current_part_counts_and_an_outdated_one_does_not(tmp_path):
    write(tmp_path / "a.json", {EX02.id: stress.graded_digest(EX02)},
          {EX02.id: {"solutions": [0, 200], "mutants": [0, 2600]}})  # fmt: skip
    write(tmp_path / "b.json", {EX03.id: "0000000000000000"}, {EX03.id: {"solutions": [0, 200]}})
    found = {s.exercise.id: s for s in stress_record.standings([tmp_path], [EX02, EX03])}
    assert found[EX02.id].current is not None
    assert found[EX02.id].current.verdicts == 2800
    assert found[EX03.id].current is None
    assert found[EX03.id].outdated == 1
    assert stress_record.total_wrong(list(found.values())) == (0, 2800, 1)
    text = stress_record.report(list(found.values()))
    assert "0/200" in text
    assert "aucun stress à jour (1 enregistrement(s) périmé(s))" in text


def test_a_wrong_verdict_or_a_missing_exercise_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(stress_record, "load_manifest", lambda: [EX02])
    write(tmp_path / "a.json", {EX02.id: stress.graded_digest(EX02)},
          {EX02.id: {"solutions": [0, 200]}})  # fmt: skip
    assert stress_record.main([str(tmp_path)]) == 0
    write(tmp_path / "b.json", {EX02.id: stress.graded_digest(EX02)},
          {EX02.id: {"solutions": [1, 200], "mutants": [0, 2600]}})  # fmt: skip
    assert stress_record.main([str(tmp_path)]) == 1  # b has more verdicts: it counts
    monkeypatch.setattr(stress_record, "load_manifest", lambda: [EX02, EX03])
    (tmp_path / "b.json").unlink()
    assert stress_record.main([str(tmp_path)]) == 1  # ex03: no record


def test_a_clean_pass_run_again_on_the_same_code_does_not_hide_a_wrong_verdict(tmp_path):
    digests = {EX02.id: stress.graded_digest(EX02)}
    write(tmp_path / "a.json", digests, {EX02.id: {"justes": [1, 1400]}})
    write(tmp_path / "b.json", digests, {EX02.id: {"justes": [0, 1400], "mutants": [0, 2600]}})
    (found,) = stress_record.standings([tmp_path], [EX02])
    assert found.current is not None
    assert found.current.path.name == "a.json"
    assert stress_record.total_wrong([found])[0] == 1


def test_a_margin_counts_only_where_its_part_is_current(tmp_path):
    # One run covered ex02 and ex03; ex03 changed since: its margins no
    # longer count, ex02's and the course's rules still do.
    path = write(tmp_path / "a.json",
                 {EX02.id: stress.graded_digest(EX02), EX03.id: "0000000000000000"},
                 {EX02.id: {"solutions": [0, 200]}, EX03.id: {"solutions": [0, 200]}})  # fmt: skip
    data = json.loads(path.read_text(encoding="utf-8"))
    data["worst_margins"]["solutions"].update({"02 durée": 3.1, "03 ancien": 0.8})
    path.write_text(json.dumps(data), encoding="utf-8")
    text = stress_record.report(stress_record.standings([tmp_path], [EX02, EX03]))
    assert "02 durée" in text
    assert "C1 : boucle bloquée (s)" in text
    assert "03 ancien" not in text


def test_messages_beside_the_point_count_where_the_part_checked_them(tmp_path, monkeypatch):
    monkeypatch.setattr(stress_record, "load_manifest", lambda: [EX02])
    path = write(tmp_path / "a.json", {EX02.id: stress.graded_digest(EX02)},
                 {EX02.id: {"solutions": [0, 200], "mutants": [0, 2600]}})  # fmt: skip
    found = stress_record.standings([tmp_path], [EX02])
    assert stress_record.total_untold(found) == (0, 0, 1)
    assert "1 exercice(s) dont la passe ne vérifiait pas les messages" in stress_record.report(
        found
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    data["untold"] = {f"{EX02.id}:mutants": [0, 2600]}
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    found = stress_record.standings([tmp_path], [EX02])
    assert found[0].current is not None
    assert found[0].current.path.name == "b.json"
    assert stress_record.total_untold(found) == (0, 2600, 0)
    assert stress_record.main([str(tmp_path)]) == 0
    data["untold"] = {f"{EX02.id}:mutants": [3, 2600]}
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    assert stress_record.main([str(tmp_path)]) == 1

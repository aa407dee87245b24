"""The class report (tools/teacher/class_report.py): OUT/classe.html.

Each test writes a fake re-grade folder (notes.csv in regrade's format, some
notation.json records), renders the page, parses it with html.parser and
checks what a teacher reads against the CSV. The last test has a real
browser (Debian's chromium) render a realistic class.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import statistics
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tools.common import french
from tools.common.manifest import Exercise, load_manifest
from tools.grading.report import ERROR, FAILED, PASSED, TIMEOUT, ExerciseResult, Report
from tools.teacher import class_report, regrade

EXERCISES = load_manifest()
MAX_TOTAL = sum(ex.points for ex in EXERCISES)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


# -- a fake re-grade folder -------------------------------------------------------------


def result(
    ex: Exercise,
    status: str = PASSED,
    messages: Sequence[str] = (),
    promises: Sequence[str] = (),
) -> ExerciseResult:
    passed = status == PASSED
    return ExerciseResult(
        id=ex.id,
        number=ex.number,
        title=ex.title,
        file=f"exercises/{ex.file_name}",
        status=status,
        points=ex.points if passed else 0,
        max_points=ex.points,
        passed=3 if passed else 1,
        failed=0 if passed else 2,
        total=3,
        hidden_tests=True,
        duration_s=0.5,
        messages=list(messages),
        broken_promises=list(promises),
    )


def failure(ex: Exercise, problem: str, promise: str | None = None) -> str:
    """A failure message in the course's shape (tests/support/student.py)."""
    lines = [
        f"[{ex.number} · {ex.title}] {problem}",
        "  Observé  : 2,0 s",
        "  Attendu  : moins de 1,2 s",
    ]
    if promise:
        lines.append(f"  Promesse : {promise}. …")
    lines.append("  À relire : « Attendre » dans cours/README.md")
    return "\n".join(lines)


def make_report(results: Sequence[ExerciseResult]) -> Report:
    return Report(
        grader_version="test",
        token="jeton",
        tree="exercises",
        python="3.13.0",
        platform="Linux",
        started_at="2026-11-21T08:00:00+01:00",
        duration_s=12.0,
        points=sum(r.points for r in results),
        max_points=sum(r.max_points for r in results),
        hidden_tests=True,
        fingerprints={},
        workflow=None,
        tests_source=None,
        exercises=list(results),
    )


@dataclass
class Row:
    """One student of the fake class: a report (graded) or an error."""

    name: str
    report: Report | None = None
    flags: list[str] = field(default_factory=list)
    error: str | None = None
    write_record: bool = True
    commit_date: str = "2026-11-20T23:58:12+01:00"

    def cells(self, exercises: Sequence[Exercise]) -> list[str]:
        graded = self.report is not None and self.error is None
        if graded and self.report is not None:
            points = {r.id: str(r.points) for r in self.report.exercises}
            cells = [points.get(ex.id, "") for ex in exercises]
            total = str(self.report.points)
        else:
            cells, total = ["" for _ in exercises], ""
        flags = [*self.flags, *([f"ERREUR : {self.error}"] if self.error else [])]
        return [
            self.name,
            "0123456789abcdef0123456789abcdef01234567",
            self.commit_date,
            *cells,
            total,
            str(sum(ex.points for ex in exercises)),
            " ; ".join(flags),
            "17",
        ]


def write_out(out: Path, rows: Sequence[Row], exercises: Sequence[Exercise] = EXERCISES) -> Path:
    """notes.csv exactly as regrade writes it, and the records of `rows`."""
    out.mkdir(parents=True, exist_ok=True)
    regrade.write_csv(
        out / "notes.csv", regrade.csv_header(exercises), [r.cells(exercises) for r in rows]
    )
    for row in rows:
        if row.report is not None and row.write_record:
            (out / row.name).mkdir(exist_ok=True)
            (out / row.name / "notation.json").write_text(row.report.to_json(), encoding="utf-8")
    return out


def solved(numbers: str, failing: dict[str, ExerciseResult] | None = None) -> Report:
    """A report where the exercises of `numbers` ("01 02") pass, the others
    fail with no message unless `failing` gives their result."""
    failing = failing or {}
    return make_report(
        [
            result(ex)
            if ex.number in numbers.split()
            else failing.get(ex.number, result(ex, FAILED))
            for ex in EXERCISES
        ]
    )


# -- reading the page back ------------------------------------------------------------------


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def clean(self) -> str:
        return " ".join(self.text().split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.walk()
            if n.tag == tag
            and all(
                value in n.attrs.get(name.rstrip("_"), "").split()
                if name == "class_"
                else n.attrs.get(name) == value
                for name, value in attrs.items()
            )
        ]

    def one(self, tag: str, **attrs: str) -> Node:
        (found,) = self.all(tag, **attrs)
        return found

    def by_id(self, ident: str) -> Node:
        (found,) = [n for n in self.walk() if n.attrs.get("id") == ident]
        return found


class TreeBuilder(HTMLParser):
    """A strict tree: every element closed, in order (the page closes all its
    elements, so a mismatch is a bug of the page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.stack[-1].tag == tag, f"</{tag}> ferme <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], [n.tag for n in builder.stack]
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def page_of(out: Path, exercises: Sequence[Exercise] = EXERCISES) -> Node:
    path = class_report.write_class_report(out, exercises)
    assert path == out / "classe.html"
    return parse(path.read_text(encoding="utf-8"))


def grid_rows(page: Node) -> list[list[str]]:
    body = page.by_id("grille").one("tbody")
    return [
        [cell.clean() for cell in tr.children if isinstance(cell, Node)] for tr in body.all("tr")
    ]


def boxes(page: Node) -> dict[str, str]:
    """The key numbers at the top: {label: value}."""
    found = {}
    for li in page.one("ul", class_="chiffres").all("li"):
        value = li.one("strong").clean()
        found[li.clean().removeprefix(value).strip()] = value
    return found


def exercise_rows(page: Node) -> dict[str, list[str]]:
    body = page.by_id("exercices").one("tbody")
    rows = [[cell.clean() for cell in tr.all("td")] for tr in body.all("tr")]
    return {row[0]: row for row in rows}


def table_rows(table: Node) -> list[list[str]]:
    return [
        [cell.clean() for cell in tr.children if isinstance(cell, Node)]
        for tr in table.one("tbody").all("tr")
    ]


# -- a small class ----------------------------------------------------------------------------


def small_class() -> list[Row]:
    ex = {e.number: e for e in EXERCISES}
    gather_failure = failure(ex["02"], "Les coroutines s'exécutent l'une après l'autre", "E1")
    return [
        Row("ada", solved(" ".join(ex))),  # full marks
        Row(
            "bob",
            solved(
                "01 03",
                {"02": result(ex["02"], FAILED, [gather_failure, gather_failure], ["E1"])},
            ),
            flags=["tests modifiés : conftest.py"],
        ),
        Row(
            "chloe",
            solved(
                "01",
                {
                    "02": result(
                        ex["02"],
                        FAILED,
                        [gather_failure, failure(ex["02"], "Le résultat n'est pas une liste")],
                        ["E1", "E2"],
                    ),
                    "03": result(ex["03"], TIMEOUT),
                },
            ),
        ),
        Row("dan", solved(""), flags=["pas un dépôt git"]),  # not started
        Row("eve", error="notation arrêtée au bout de 600 s (limite)"),
    ]


def test_the_grid_follows_notes_csv(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", small_class())
    header, rows = regrade.read_csv(out / "notes.csv")
    page = page_of(out)
    shown = grid_rows(page)
    assert [r[0] for r in shown] == [row[0] for row in rows]  # notes.csv's order
    first, last = header.index("ex01"), header.index("total")
    for row, cells in zip(rows, shown, strict=True):
        # name, commit date, one cell per exercise, total, flags
        assert len(cells) == 2 + len(EXERCISES) + 2
        expected = [points or "—" for points in row[first:last]]
        assert cells[2 : 2 + len(EXERCISES)] == expected
        assert cells[-2] == (row[last] or "erreur")
    assert shown[0][1] == "20/11 23:58"
    assert shown[1][-1] == "tests modifiés"
    # Colours: full, zero, not graded.
    ada, _, _, dan, eve = page.by_id("grille").one("tbody").all("tr")
    assert all("full" in td.attrs["class"] for td in ada.all("td", class_="pts"))
    assert all("zero" in td.attrs["class"] for td in dan.all("td", class_="pts"))
    assert all("error" in td.attrs["class"] for td in eve.all("td", class_="pts"))


def test_success_rates_and_means_match_the_csv(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", small_class())
    header, rows = regrade.read_csv(out / "notes.csv")
    page = page_of(out)
    graded = [row for row in rows if row[header.index("total")]]
    totals = [int(row[header.index("total")]) for row in graded]
    mean = french.decimal(statistics.fmean(totals), 1)
    assert boxes(page)["moyenne de la classe"] == f"{mean}/{MAX_TOTAL}"
    assert boxes(page)["dépôts"] == "5"
    assert boxes(page)["notés"] == "4"
    assert boxes(page)["en erreur"] == "1"
    assert boxes(page)["pas commencés"] == "1"
    by_number = exercise_rows(page)
    footer = page.by_id("grille").one("tfoot").all("tr")
    rates = [td.clean() for td in footer[0].all("td")]
    means = [td.clean() for td in footer[1].all("td")]
    for index, ex in enumerate(EXERCISES):
        points = [int(row[header.index(f"ex{ex.number}")]) for row in graded]
        rate = french.percent(sum(p == ex.points for p in points) / len(points))
        _, title, max_points, count, full, shown_rate, _, shown_mean, _ = by_number[ex.number]
        assert (title, max_points, count) == (ex.title, str(ex.points), str(len(points)))
        assert full == str(sum(p == ex.points for p in points))
        assert shown_rate == rate == rates[index]
        assert shown_mean == french.decimal(statistics.fmean(points), 1) == means[index]
    assert means[-2] == mean  # the total's column; the last is the flags'
    assert by_number["02"][5] == french.percent(0.25)
    assert by_number["03"][8] == "1"  # chloe's timeout


def test_the_distribution_counts_every_graded_total(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", small_class())
    page = page_of(out)
    bars = table_rows(page.by_id("repartition"))
    assert len(bars) == 11  # ten bars of 10 points, then 100 alone
    counts = {label: int(count) for label, _, count, _ in bars}
    assert sum(counts.values()) == 4
    ex = {e.number: e.points for e in EXERCISES}
    bob = ex["01"] + ex["03"]
    assert counts["100"] == 1  # ada
    assert counts["de 0 à 9"] == 1 + (ex["01"] < 10) + (bob < 10)  # dan, chloe, bob
    assert bars[-1][3] == french.percent(0.25)


@pytest.mark.parametrize("maximum", [1, 7, 14, 15, 100])
def test_the_distribution_bars_cover_zero_to_the_maximum(maximum: int) -> None:
    totals = list(range(-1, maximum + 2))  # out of range too: the nearest bar
    bars = class_report.distribution(totals, maximum)
    assert bars[0][0] == 0
    assert bars[-1][:2] == (maximum, maximum)  # full marks alone
    assert all(high + 1 == low for (_, high, _), (low, _, _) in itertools.pairwise(bars))
    assert len(bars) <= class_report.BINS + 1
    assert sum(count for _, _, count in bars) == len(totals)


def test_the_commonest_failures_come_first_counted_once_per_student(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", small_class())
    page = page_of(out)
    section = page.by_id("echecs-ex02")
    failures, promises = (table_rows(table) for table in _after(page, section))
    # bob says it twice, chloe once: 2 students; dan failed with no message.
    assert failures == [
        ["Les coroutines s'exécutent l'une après l'autre", "2"],
        ["Le résultat n'est pas une liste", "1"],
        ["(échoué, sans message)", "1"],
    ]
    ex02 = EXERCISES[1]
    requirement = ex02.requirement("E1")
    assert requirement is not None
    # The statement's `code` is shown as code.
    assert promises[0] == [f"E1. {requirement.text.replace('`', '')}", "2"]
    assert "`" in requirement.text
    assert _after(page, section)[1].all("code")
    assert promises[1][1] == "1"
    timeouts = page.by_id("echecs-ex03")
    assert ["(temps dépassé, sans message)", "1"] in table_rows(_after(page, timeouts)[0])


def _after(page: Node, heading: Node) -> list[Node]:
    """The tables that follow `heading` in its section, up to the next heading."""
    section = page.by_id("echecs")
    tables: list[Node] = []
    started = False
    for child in section.children:
        if child is heading:
            started = True
        elif isinstance(child, Node) and child.tag == "h3" and started:
            break
        elif started and isinstance(child, Node) and child.tag == "table":
            tables.append(child)
    return tables


def test_flags_not_started_and_errors_are_listed(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", small_class())
    page = page_of(out)
    by_student = table_rows(page.by_id("drapeaux-par-eleve"))
    assert by_student == [["bob", "tests modifiés : conftest.py"], ["dan", "pas un dépôt git"]]
    not_started = page.by_id("pas-commences")
    assert [li.clean() for li in not_started.all("li")] == ["dan"]
    assert "total est 0" in not_started.clean()  # the definition is on the page
    errors = table_rows(page.by_id("liste-erreurs"))
    assert errors == [["eve", "0123456789ab", "notation arrêtée au bout de 600 s (limite)"]]


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    ex01 = EXERCISES[0]
    name = '<script>alert("x")</script>'
    message = failure(ex01, "<b>gras</b> & <img src=x onerror=alert(1)>")
    rows = [
        Row(name, solved("", {"01": result(ex01, FAILED, [message])}), write_record=False),
        Row("x&y", solved("", {"01": result(ex01, FAILED, [message])}), flags=["<i>drapeau</i>"]),
        Row("<b>err</b>", error="<u>boum</u>"),
    ]
    out = write_out(tmp_path / "notes", rows)
    assert regrade.read_csv(out / "notes.csv")[1][0][0] == name
    page = page_of(out)
    # Only the page's own elements: none of these comes from the text.
    for tag in ("script", "img", "u", "i", "b"):
        assert not page.all(tag), tag
    assert [r[0] for r in grid_rows(page)] == [name, "x&y", "<b>err</b>"]
    assert ["<b>gras</b> & <img src=x onerror=alert(1)>", "1"] in table_rows(
        _after(page, page.by_id("echecs-ex01"))[0]
    )
    assert table_rows(page.by_id("drapeaux-par-eleve")) == [["x&y", "<i>drapeau</i>"]]
    assert table_rows(page.by_id("liste-erreurs"))[0][2] == "<u>boum</u>"


def test_a_missing_or_wrong_record_only_loses_its_details(tmp_path: Path) -> None:
    ex01 = EXERCISES[0]
    message = failure(ex01, "Elle bloque la boucle")
    other = solved("", {"01": result(ex01, FAILED, [message])})
    rows = [
        Row("sans-json", other, write_record=False),
        Row("illisible", other),
        Row("autre-note", other),
        Row("ok", other),
    ]
    out = write_out(tmp_path / "notes", rows)
    (out / "illisible" / "notation.json").write_text("{pas du json", encoding="utf-8")
    (out / "autre-note" / "notation.json").write_text(solved("01").to_json(), encoding="utf-8")
    page = page_of(out)
    assert [r[-2] for r in grid_rows(page)] == ["0"] * 4  # the grades are notes.csv's
    missing = [li.clean() for li in page.by_id("echecs").one("ul", class_="noms").all("li")]
    assert missing == [
        "sans-json : notation.json absent",
        "illisible : notation.json illisible",
        "autre-note : notation.json ne correspond pas à notes.csv",
    ]
    assert table_rows(_after(page, page.by_id("echecs-ex01"))[0]) == [
        ["Elle bloque la boucle", "1"]
    ]


def test_a_name_that_leaves_the_folder_is_not_followed(tmp_path: Path) -> None:
    ex01 = EXERCISES[0]
    outside = solved("", {"01": result(ex01, FAILED, [failure(ex01, "Lu hors du dossier")])})
    (tmp_path / "voisin").mkdir()
    (tmp_path / "voisin" / "notation.json").write_text(outside.to_json(), encoding="utf-8")
    out = write_out(tmp_path / "notes", [Row("../voisin", solved(""), write_record=False)])
    page = page_of(out)
    assert "Lu hors du dossier" not in page.clean()
    assert "nom de dossier refusé" in page.by_id("echecs").clean()


def test_an_all_error_class(tmp_path: Path) -> None:
    rows = [Row(f"eleve{i}", error="le correcteur n'a pas écrit de rapport") for i in range(3)]
    rows[0].report = solved("01")  # a record next to an error row is not read
    out = write_out(tmp_path / "notes", rows)
    page = page_of(out)
    assert boxes(page)["notés"] == "0"
    assert boxes(page)["en erreur"] == "3"
    assert boxes(page)["moyenne de la classe"] == f"—/{MAX_TOTAL}"
    assert all(row[5] == "—" for row in exercise_rows(page).values())
    distribution = page.one("section", **{"aria-labelledby": "titre-repartition"})
    assert "Aucun dépôt noté : pas de répartition." in distribution.clean()
    assert len(table_rows(page.by_id("liste-erreurs"))) == 3
    assert "Aucun échec connu." in page.by_id("echecs").clean()


def test_an_empty_class(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", [])
    page = page_of(out)
    assert boxes(page)["dépôts"] == "0"
    assert "Aucun dépôt dans notes.csv." in page.clean()
    assert "Aucun." in page.by_id("erreurs").clean()


def test_a_subset_of_exercises_and_an_unknown_column(tmp_path: Path) -> None:
    """`regrade --exercises 02 04` writes only their columns."""
    chosen = [EXERCISES[1], EXERCISES[3]]
    report = make_report([result(chosen[0]), result(chosen[1], FAILED)])
    out = write_out(tmp_path / "notes", [Row("ada", report)], chosen)
    page = page_of(out, EXERCISES[:2])  # the manifest no longer has 04
    assert list(exercise_rows(page)) == ["02", "04"]
    assert exercise_rows(page)["04"][1] == "(exercice absent du manifeste)"
    assert exercise_rows(page)["04"][2] == str(chosen[1].points)  # from the record
    assert boxes(page)["moyenne de la classe"] == f"{chosen[0].points},0/{report.max_points}"


def test_the_page_stands_alone(tmp_path: Path) -> None:
    out = write_out(tmp_path / "notes", small_class())
    text = class_report.write_class_report(out, EXERCISES).read_text(encoding="utf-8")
    page = parse(text)
    html_element = page.one("html")
    assert html_element.attrs["lang"] == "fr"
    assert page.one("meta", charset="utf-8")
    assert page.one("title").clean()
    for tag in ("script", "link", "img", "iframe", "object"):
        assert not page.all(tag), tag
    for node in page.walk():
        for name in ("src", "href"):
            assert not node.attrs.get(name, "#").partition("#")[0], (node.tag, node.attrs)
    style = page.one("style").text()
    assert "url(" not in style
    assert "@import" not in style
    ids = [n.attrs["id"] for n in page.walk() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    assert {a.attrs["href"][1:] for a in page.all("a")} <= set(ids)
    assert not list(out.glob("*.partial"))


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = write_out(tmp_path / "notes", small_class())
    assert class_report.main([str(out)]) == 0
    assert (out / "classe.html").is_file()
    assert "classe.html" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        class_report.main([str(tmp_path / "ailleurs")])
    assert exit_info.value.code == 2
    assert "pas de notes.csv" in capsys.readouterr().err


# -- a realistic class, in a real browser -------------------------------------------------------


PROBLEMS = (
    "Les appels s'exécutent l'un après l'autre au lieu d'en même temps",
    "La boucle est restée bloquée pendant l'appel",
    "Le résultat n'est pas dans l'ordre des appels",
    "Une tâche est encore en cours à la fin de la fonction",
    "L'exception de la tâche n'est jamais récupérée",
)
FIRST_NAMES = (
    "adele", "basile", "capucine", "dorian", "elsa", "fares", "gaspard", "helene", "ines",
    "jules", "kenza", "leon", "manon", "nael", "oceane", "paul", "quentin", "rose", "sacha",
    "theo", "ugo", "victoire",
)  # fmt: skip


def realistic_class(out: Path, students: int = 20, seed: int = 2026) -> list[Row]:
    """A class as a re-grade leaves it: most exercises done early in the
    course, fewer later, a few flags, two not started, one error."""
    chance = random.Random(seed)
    rows = []
    for index in range(students):
        name = f"tp-asyncio-{FIRST_NAMES[index % len(FIRST_NAMES)]}"
        if index == 7:
            rows.append(Row(name, error="notation arrêtée au bout de 420 s (limite)"))
            continue
        skill = 0.0 if index in (4, 15) else chance.uniform(0.35, 1.0)
        results = []
        for position, ex in enumerate(EXERCISES):
            if chance.random() < skill * (1.05 - position / 14):
                results.append(result(ex))
                continue
            status = TIMEOUT if chance.random() < 0.1 else ERROR if skill == 0 else FAILED
            picks = chance.sample(range(len(PROBLEMS)), chance.choice((1, 1, 2)))
            promises = [r.id for r in ex.requirements[:2]]
            messages = [
                failure(ex, PROBLEMS[(p + position) % len(PROBLEMS)], promises[0]) for p in picks
            ]
            results.append(result(ex, status, messages, promises[: len(picks)]))
        flags = []
        if index == 3:
            flags.append("tests modifiés : conftest.py, tests/public/test_ex02_gather.py")
        if index == 11:
            flags += ["workflow modifié", "exercices manquants : ex10, ex11"]
        if index == 18:
            flags.append("exercises/ diffère du commit")
        rows.append(
            Row(
                name,
                make_report(results),
                flags,
                commit_date=f"2026-11-{18 + index % 3}T{10 + index % 13}:0{index % 10}:00+01:00",
            )
        )
    write_out(out, rows)
    return rows


def chromium() -> str | None:
    """A Chromium-family browser: $CHROMIUM (a path or a name), else one on
    PATH, else where macOS and Windows install Chrome (GitHub's runners have it
    there, off PATH)."""
    given = os.environ.get("CHROMIUM")
    if given:
        return shutil.which(given)
    on_path = next((found for n in CHROMIUM_NAMES if (found := shutil.which(n))), None)
    if on_path is not None:
        return on_path
    places = [
        Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
        Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
        *(
            Path(os.environ[root]) / "Google" / "Chrome" / "Application" / "chrome.exe"
            for root in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
            if os.environ.get(root)
        ),
    ]
    return next((str(place) for place in places if place.is_file()), None)


def browser_or_skip() -> str:
    found = chromium()
    if found is not None:
        return found
    where = (
        f"$CHROMIUM={os.environ['CHROMIUM']} introuvable"
        if os.environ.get("CHROMIUM")
        else (f"aucun de {', '.join(CHROMIUM_NAMES)} dans le PATH")
    )
    how = "apt-get install chromium, ou CHROMIUM=chemin du navigateur"
    if os.environ.get("CI"):  # the CI installs it: a missing browser is a broken CI
        pytest.fail(f"CI : le rendu de classe.html doit être vérifié, mais {where} ({how})")
    pytest.skip(f"rendu de classe.html non vérifié : {where} ({how})")


def render_in_browser(browser: str, page: Path, screenshot: Path, profile: Path) -> str:
    """One headless run: the screenshot, and the DOM once the page has loaded."""
    done = subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-extensions", f"--user-data-dir={profile}", "--window-size=1280,2000",
            f"--screenshot={screenshot}", "--dump-dom", page.resolve().as_uri(),
        ],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=90,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_real_browser_renders_the_page(tmp_path: Path) -> None:
    browser = browser_or_skip()
    out = tmp_path / "notes"
    rows = realistic_class(out)
    page = class_report.write_class_report(out, EXERCISES)
    screenshot = tmp_path / "classe.png"
    dom = parse(render_in_browser(browser, page, screenshot, tmp_path / "profil"))
    png = screenshot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(png) > 50_000  # a blank page compresses to a few kilobytes
    # The browser's DOM holds what notes.csv says.
    shown = grid_rows(dom)
    assert [r[0] for r in shown] == [r.name for r in rows]
    assert [r[-2] for r in shown] == [
        str(r.report.points) if r.report is not None else "erreur" for r in rows
    ]
    totals = [r.report.points for r in rows if r.report is not None]
    mean = french.decimal(statistics.fmean(totals), 1)
    assert boxes(dom)["moyenne de la classe"] == f"{mean}/{MAX_TOTAL}"

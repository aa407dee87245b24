"""Exercice 03 — tests cachés (notés, jamais distribués aux élèves).

Plat, entrée, résultats et durées sont tirés au hasard à chaque exécution.
`cuire` (40 à 70 ms) et `preparer` (15 à 30 ms) sont des étapes factices du
test : elles notent dans un même journal quand elles commencent et finissent,
et comptent les étapes en cours. Ce qui est jugé :
- chevauchement : la cuisson et la préparation ont été en cours en même temps.
  C'est structurel, sans horloge : une tâche créée avant `await preparer(...)`
  démarre dès que la coroutine rend la main, donc avant la fin de la
  préparation, quelle que soit la vitesse de la machine ; une coroutine nue,
  ou une tâche attendue tout de suite, ne chevauche jamais l'autre étape ;
- le couple (entrée préparée, plat cuit) renvoyé, dans cet ordre ;
- au retour de `preparer_repas`, plus rien n'est en cours (ni étape, ni tâche
  créée pendant l'appel) ;
- chaque étape a lieu une fois, et aucune coroutine n'est créée sans être
  attendue (avertissements « never awaited » enregistrés pendant l'appel,
  avec un ramasse-miettes explicite).
Aucune borne de temps : avec deux étapes, la durée séquentielle (la somme)
reste à moins de 2 fois la durée attendue (la plus longue), trop près pour
une borne avec des marges sûres, et le chevauchement observé dit déjà tout.
"""

from __future__ import annotations

import asyncio
import inspect
import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.harness.cuisine import END, START, Kitchen, sequence_of
from tests.harness.never_awaited import record_never_awaited
from tests.harness.student import Student

PLATS = ["gratin", "curry", "pot-au-feu", "tajine", "lasagnes", "ratatouille", "risotto"]
ENTREES = ["salade", "soupe", "taboulé", "carpaccio", "houmous", "gaspacho", "velouté"]


@dataclass
class Scenario:
    plat: str
    entree: str
    plat_cuit: str
    entree_preparee: str
    kitchen: Kitchen = field(default_factory=Kitchen)

    def __post_init__(self) -> None:
        rng = random.Random()
        self.cuire = self.kitchen.step(
            "cuire",
            lambda p: self.plat_cuit if p == self.plat else f"<{p} cuit>",
            rng.randrange(40, 71) / 1000,
        )
        self.preparer = self.kitchen.step(
            "preparer",
            lambda e: self.entree_preparee if e == self.entree else f"<{e} préparé>",
            rng.randrange(15, 31) / 1000,
        )

    @property
    def call(self) -> str:
        return f"preparer_repas({self.plat!r}, {self.entree!r}, cuire, preparer)"

    @property
    def expected(self) -> tuple[str, str]:
        return (self.entree_preparee, self.plat_cuit)


def scenario() -> Scenario:
    rng = random.Random()
    plat, entree = rng.choice(PLATS), rng.choice(ENTREES)
    return Scenario(
        plat,
        entree,
        f"<{plat} sorti du four n°{rng.randrange(1000, 10000)}>",
        f"<{entree} préparé(e) n°{rng.randrange(1000, 10000)}>",
    )


@dataclass
class Run:
    value: Any
    pending: int  # tasks created during the call and still running after it
    forgotten: list[str]


async def run(student: Student, case: Scenario) -> Run:
    preparer_repas = student.function("preparer_repas")
    before = asyncio.all_tasks()
    with record_never_awaited() as forgotten:
        value = await student.call(
            preparer_repas(case.plat, case.entree, case.cuire, case.preparer),
            call=case.call,
            limit=5,
        )
        pending = [t for t in asyncio.all_tasks() - before if not t.done()]
    # Stop what the student left running, so that it cannot spill into the next test.
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=1)
    return Run(value, len(pending), forgotten)


def shown(value: Any) -> str:
    """The returned value, with tasks and coroutines named the way the course names them."""

    def one(item: Any) -> str:
        if isinstance(item, asyncio.Future):
            return "<une tâche asyncio>"
        if inspect.iscoroutine(item):
            return "<une coroutine>"
        return repr(item)

    if isinstance(value, list | tuple):
        inside = ", ".join(map(one, value))
        return f"[{inside}]" if isinstance(value, list) else f"({inside})"
    return one(value)


def close_coroutines(value: Any) -> None:
    for item in value if isinstance(value, list | tuple) else [value]:
        if inspect.iscoroutine(item):
            item.close()


@pytest.mark.asyncio
async def test_la_cuisson_avance_pendant_la_preparation(student: Student) -> None:
    case = scenario()
    close_coroutines((await run(student, case)).value)
    if case.kitchen.in_flight.peak < 2:
        observed = case.kitchen.describe()
        advice = (
            "cuisson = asyncio.create_task(cuire(plat)) AVANT d'attendre "
            "preparer(entree), et await cuisson seulement après ; une coroutine seule ne "
            "démarre qu'à son await, et une tâche attendue aussitôt créée n'avance pas en "
            "même temps que le reste"
        )
        order = sequence_of(case.kitchen, "cuire", "preparer")
        if order == "avant":
            observed += (
                "\n             cuire a fini avant même que preparer commence : la cuisson a "
                "été attendue jusqu'au bout avant de préparer l'entrée"
            )
            advice = (
                "une tâche attendue aussitôt créée n'avance pas en même temps que le reste : "
                "cuisson = asyncio.create_task(cuire(plat)), puis await preparer(entree), et "
                "seulement ensuite plat_cuit = await cuisson"
            )
        elif order == "après":
            observed += (
                "\n             cuire n'a commencé qu'après la fin de preparer : la cuisson a "
                "été lancée trop tard"
            )
            advice = (
                "lance la cuisson AVANT d'attendre preparer(entree) : "
                "cuisson = asyncio.create_task(cuire(plat)) en premier ; une coroutine seule, "
                "ou une tâche créée après l'await de preparer, ne démarre qu'après lui"
            )
        student.fail(
            "La cuisson n'a pas avancé pendant la préparation de l'entrée.",
            call=case.call,
            observed=observed,
            expected="cuire commence avant que preparer finisse : les deux étapes en cours "
            "en même temps",
            advice=advice,
        )


@pytest.mark.asyncio
async def test_renvoie_l_entree_puis_le_plat(student: Student) -> None:
    case = scenario()
    value = (await run(student, case)).value
    close_coroutines(value)
    items = list(value) if isinstance(value, list | tuple) else None
    if items is not None and tuple(items) == case.expected:
        return
    if items is not None and any(
        isinstance(v, asyncio.Future) or inspect.iscoroutine(v) for v in items
    ):
        student.fail(
            "preparer_repas renvoie une tâche (ou une coroutine) au lieu du plat cuit.",
            call=case.call,
            observed=shown(value),
            expected=repr(case.expected),
            advice="une tâche se récupère avec await : plat_cuit = await cuisson",
        )
    if items is not None and tuple(items) == case.expected[::-1]:
        student.fail(
            "L'entrée et le plat sont renvoyés dans le désordre.",
            call=case.call,
            observed=shown(value),
            expected=f"{case.expected!r} : l'entrée préparée d'abord, puis le plat cuit",
        )
    student.fail(
        "preparer_repas ne renvoie pas l'entrée préparée et le plat cuit.",
        call=case.call,
        observed=shown(value),
        expected=f"{case.expected!r} : ce que renvoient preparer(entree) puis cuire(plat)",
    )


@pytest.mark.asyncio
async def test_plus_rien_en_cours_au_retour(student: Student) -> None:
    case = scenario()
    result = await run(student, case)
    close_coroutines(result.value)
    unfinished = [
        name
        for name in ("cuire", "preparer")
        if case.kitchen.count(name, START) > case.kitchen.count(name, END)
    ]
    if unfinished or result.pending:
        what = (
            f"{' et '.join(unfinished)} encore en cours" if unfinished else "aucune étape en cours"
        )
        student.fail(
            "Du travail était encore en cours quand preparer_repas a rendu la main.",
            call=case.call,
            observed=f"{what}, {result.pending} tâche(s) pas terminée(s) au retour\n"
            f"             journal : {case.kitchen.describe()}",
            expected="toutes les étapes finies et aucune tâche en cours au retour",
            advice="attends chaque tâche que tu crées (plat_cuit = await cuisson) : une tâche "
            "oubliée peut être interrompue à la fin du programme, et ses erreurs passent "
            "inaperçues",
        )


@pytest.mark.asyncio
async def test_chaque_etape_a_lieu_une_seule_fois(student: Student) -> None:
    case = scenario()
    close_coroutines((await run(student, case)).value)
    for name, item in (("cuire", case.plat), ("preparer", case.entree)):
        starts = [it for step, it, event in case.kitchen.journal if (step, event) == (name, START)]
        if starts != [item]:
            student.fail(
                f"{name} doit être exécuté exactement une fois, avec {item!r}.",
                call=case.call,
                observed=f"{name} exécuté {len(starts)} fois"
                + (f" (avec {', '.join(map(repr, starts))})" if starts else "")
                + f"\n             journal : {case.kitchen.describe()}",
                expected=f"un seul {name}({item!r})",
                advice="crée la tâche une fois, puis attends cette même tâche : "
                "cuisson = asyncio.create_task(cuire(plat)) … plat_cuit = await cuisson",
            )


@pytest.mark.asyncio
async def test_aucune_coroutine_oubliee(student: Student) -> None:
    case = scenario()
    result = await run(student, case)
    close_coroutines(result.value)
    if result.forgotten:
        listed = ", ".join(f"'{name}'" for name in dict.fromkeys(result.forgotten))
        student.fail(
            "Une coroutine a été créée mais jamais attendue.",
            call=case.call,
            observed=f"Python signale « coroutine … was never awaited » pour {listed}",
            expected="chaque coroutine créée est attendue, ou confiée à create_task",
            advice="cuire(plat) seul ne fait que créer une coroutine : passe-la directement "
            "à asyncio.create_task(...) et supprime l'ancienne ligne",
        )

"""Exercice 03 — tests cachés (notés, jamais distribués aux élèves).

Plat, entrée, résultats et durées sont tirés au hasard à chaque exécution.
`cuire` et `preparer` sont des étapes factices du test : elles notent dans un
même journal quand elles commencent et comment elles finissent (finie, ratée,
annulée), et comptent les étapes en cours ; elles notent aussi l'heure de
leur début et de leur fin, pour la chronologie dessinée avec un échec.
Chaque test qui juge le cas normal le joue deux fois : une fois avec la
cuisson la plus longue (50 à 80 ms contre 10 à 20 ms), une fois avec l'entrée
la plus longue. Un écart d'au moins 30 ms sépare toujours les deux étapes :
elles démarrent dans le même tour de boucle, si bien que l'ordre de leurs fins
ne dépend pas de la vitesse de la machine.
Ce qui est jugé :
- E1, chevauchement : la cuisson et la préparation ont été en cours en même
  temps. C'est structurel, sans horloge : une tâche créée avant
  `await preparer(...)` démarre dès que la coroutine rend la main, donc avant
  la fin de la préparation ; une coroutine nue, ou une tâche attendue tout de
  suite, ne chevauche jamais l'autre étape ;
- E2, le couple (entrée préparée, plat cuit) renvoyé, dans cet ordre, y
  compris quand l'entrée est la plus longue (une réponse qui lit le résultat
  de l'entrée sans l'attendre échoue alors) ;
- E3, chaque étape a lieu une fois, y compris quand l'une échoue (une étape
  ratée n'est pas relancée) ;
- E4, une erreur d'une étape remonte, telle quelle ou dans un ExceptionGroup
  (un asyncio.TaskGroup l'y range : l'énoncé l'accepte), dans cinq cas joués
  à chaque exécution : l'entrée rate pendant la cuisson, la cuisson rate
  pendant l'entrée, la cuisson rate après l'entrée, les deux ratent (la
  cuisson d'abord ; l'une ou l'autre erreur est acceptée), et la cuisson
  rate dès l'allumage : `cuire` lève avant sa première attente, si bien que
  sa tâche a déjà échoué au premier tour de boucle où le code rend la main
  (joué par le même test que le cas « la cuisson rate pendant l'entrée »,
  juste après lui : deux appels, chacun jugé sur ses propres mesures).

Règles du cours (manifest.toml, `common`), mesurées autour de chaque appel :
C2, C3 et C4. Leurs tests à elles disent plus précisément ce qui a été vu :
- C2 (plus rien en cours au retour), vérifiée par test_plus_rien_en_cours_au_retour
  dans le cas normal (journal des étapes à l'appui) et par les tests d'erreur,
  qui lisent l'instantané pris au retour (tests/support/course_rules.py) pour
  nommer la tâche restée en cours et dire quoi faire de la cuisson ;
- C3 (aucune erreur perdue) : la mesure commune ne voit pas une tâche que
  l'erreur remontée garde en vie (sa trace référence les variables de
  l'élève) ; le test d'erreur « les deux ratent » lâche donc l'erreur reçue,
  ramasse les miettes et écoute le gestionnaire d'erreurs de la boucle ;
- C4 (aucune coroutine oubliée), vérifiée par test_aucune_coroutine_oubliee,
  qui lit la mesure commune (elle enregistre les avertissements la première)
  et dit de supprimer l'ancienne ligne ; et par les tests d'erreur, pour la
  même raison qu'en C3 : une coroutine créée d'avance puis laissée en plan
  par l'erreur reste en vie avec la trace de l'erreur remontée, hors de vue
  de la mesure commune ; le test lâche l'erreur, ramasse les miettes en
  écoutant « coroutine … was never awaited ». Le cas « la cuisson rate dès
  l'allumage » prend ainsi le code qui crée `preparer(entree)` d'avance, rend
  la main une fois, voit le four en panne et relance son erreur sans jamais
  attendre l'entrée (une réponse juste, elle, attend l'entrée ou ne la crée
  pas : rien ne lui est reproché).
C1 (boucle jamais bloquée) n'est pas retenue : rien dans l'exercice ne calcule
ni n'attend autrement qu'avec les étapes du test, qui rendent la main.

Aucune borne de temps : avec deux étapes, la durée séquentielle (la somme)
reste à moins de 2 fois la durée attendue (la plus longue), trop près pour
une borne avec des marges sûres, et le chevauchement observé dit déjà tout.
"""

from __future__ import annotations

import asyncio
import gc
import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.clock import perf_counter
from tests.support.course_rules import LEFT_RUNNING, NEVER_AWAITED
from tests.support.cuisine import (
    CANCELLED,
    END,
    FAILED,
    START,
    EtapeRatee,
    Kitchen,
    check_call,
    check_each_step_once,
    check_overlap,
    close_coroutines,
    returned_items,
    settle_returned,
    shown,
)
from tests.support.never_awaited import record_never_awaited
from tests.support.orphans import never_retrieved, record_loop_errors, watch_silenced_errors
from tests.support.student import Outcome, Student, describe_exception
from tools.common.timeline import Comparison

PLATS = ["gratin", "curry", "pot-au-feu", "tajine", "lasagnes", "ratatouille", "risotto"]
ENTREES = ["salade", "soupe", "taboulé", "carpaccio", "houmous", "gaspacho", "velouté"]
SHORT_MS = (10, 20)  # the shorter step
LONG_MS = (50, 80)  # the longer one: at least 30 ms more
# Which step is the longer one, in the normal case: both, on every run.
ORDERS = ("cuisson plus longue", "entrée plus longue")


@dataclass
class Scenario:
    plat: str
    entree: str
    plat_cuit: str
    entree_preparee: str
    cuire_ms: int
    preparer_ms: int
    cuire_error: str | None = None
    preparer_error: str | None = None
    cuire_at_once: bool = False  # cuire fails before its first await
    kitchen: Kitchen = field(default_factory=Kitchen)

    def __post_init__(self) -> None:
        self.cuire = self.kitchen.step(
            "cuire",
            lambda p: self.plat_cuit if p == self.plat else f"<{p} cuit>",
            self.cuire_ms / 1000,
            error=self.cuire_error,
            at_once=self.cuire_at_once,
        )
        self.preparer = self.kitchen.step(
            "preparer",
            lambda e: self.entree_preparee if e == self.entree else f"<{e} préparé>",
            self.preparer_ms / 1000,
            error=self.preparer_error,
        )

    @property
    def call(self) -> str:
        return f"preparer_repas({self.plat!r}, {self.entree!r}, cuire, preparer)"

    @property
    def expected(self) -> tuple[str, str]:
        return (self.entree_preparee, self.plat_cuit)

    @property
    def durations(self) -> str:
        return f"cuire dure {self.cuire_ms} ms, preparer {self.preparer_ms} ms"

    @property
    def items(self) -> dict[str, str]:
        """Each step and its argument."""
        return {"cuire": self.plat, "preparer": self.entree}

    @property
    def errors(self) -> list[str]:
        return [e for e in (self.cuire_error, self.preparer_error) if e is not None]

    def timeline(self, student: Student, returned: float) -> Comparison:
        """The steps as they ran, a step still running at `returned` unfinished,
        above both started at once (tests/support/cuisine.py)."""
        return self.kitchen.side_by_side(student.started, self.items, returned)


def scenario(
    order: str = ORDERS[0],
    *,
    cuire_fails: bool = False,
    preparer_fails: bool = False,
    cuire_at_once: bool = False,
) -> Scenario:
    rng = random.Random()
    plat, entree = rng.choice(PLATS), rng.choice(ENTREES)
    short, long = rng.randint(*SHORT_MS), rng.randint(*LONG_MS)
    cuire_ms, preparer_ms = (long, short) if order == ORDERS[0] else (short, long)
    return Scenario(
        plat,
        entree,
        f"<{plat} sorti du four n°{rng.randrange(1000, 10000)}>",
        f"<{entree} préparé(e) n°{rng.randrange(1000, 10000)}>",
        cuire_ms,
        preparer_ms,
        f"four en panne n°{rng.randrange(1000, 10000)}" if cuire_fails else None,
        f"plus de {entree} n°{rng.randrange(1000, 10000)}" if preparer_fails else None,
        cuire_at_once,
    )


@dataclass
class Run:
    value: Any
    pending: int  # tasks created during the call and still running after it
    forgotten: list[str]
    returned: float  # perf_counter when the call returned


async def run(student: Student, case: Scenario) -> Run:
    preparer_repas = student.function("preparer_repas")
    before = asyncio.all_tasks()
    with record_never_awaited() as forgotten:
        value = await student.call(
            preparer_repas(case.plat, case.entree, case.cuire, case.preparer),
            call=case.call,
            limit=5,
        )
        returned = perf_counter()
        pending = [t for t in asyncio.all_tasks() - before if not t.done()]
    running = sum(1 for task in pending if any(task is v for v in [value, *_listed(value)]))
    # Stop what the student left running, so that it cannot spill into the next test.
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=1)
    close_coroutines(value)
    student.show(case.timeline(student, returned))
    # Said first, whatever the test checks: a task returned, a step run twice,
    # a coroutine forgotten (tests/support/cuisine.py).
    await check_call(student, case.kitchen, case.call, value, case.items, case.expected, running)
    return Run(value, len(pending), forgotten, returned)


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


@pytest.mark.exigence("E1")
@pytest.mark.asyncio
@pytest.mark.parametrize("order", ORDERS)
async def test_la_cuisson_avance_pendant_la_preparation(student: Student, order: str) -> None:
    case = scenario(order)
    result = await run(student, case)
    close_coroutines(result.value)
    student.show(case.timeline(student, result.returned))
    check_overlap(student, case.kitchen, case.call, case.durations)


@pytest.mark.exigence("E2")
@pytest.mark.asyncio
@pytest.mark.parametrize("order", ORDERS)
async def test_renvoie_l_entree_puis_le_plat(student: Student, order: str) -> None:
    case = scenario(order)
    preparer_repas = student.function("preparer_repas")
    outcome = await student.outcome(
        preparer_repas(case.plat, case.entree, case.cuire, case.preparer),
        call=case.call,
        limit=5,
    )
    if outcome.error is not None:
        advice = None
        if isinstance(outcome.error, asyncio.InvalidStateError):
            advice = (
                "result() sur une tâche pas encore finie lève InvalidStateError : ici "
                "l'entrée était la plus longue. Récupère chaque résultat avec await "
                "(entree_preparee = await preparer(entree), plat_cuit = await cuisson)"
            )
        student.fail(
            "L'appel a levé une exception.",
            call=case.call,
            observed=f"{describe_exception(outcome.error, student.tree)}\n"
            f"             ({case.durations})",
            expected=f"{case.expected!r}, sans exception",
            advice=advice,
        )
    value = outcome.value
    running = await settle_returned(value)
    # A task returned (E2) is said there, with whether it still ran.
    await check_call(student, case.kitchen, case.call, value, case.items, case.expected, running)
    items = list(value) if isinstance(value, list | tuple) else None
    if items is not None and tuple(items) == case.expected:
        return
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


@pytest.mark.exigence("C2")
@pytest.mark.asyncio
@pytest.mark.parametrize("order", ORDERS)
async def test_plus_rien_en_cours_au_retour(student: Student, order: str) -> None:
    case = scenario(order)
    result = await run(student, case)
    close_coroutines(result.value)
    student.show(case.timeline(student, result.returned))
    # At the return, not after the test cancelled what was left running.
    unfinished = [
        name for name in ("cuire", "preparer") if case.kitchen.running_at(name, result.returned)
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


@pytest.mark.exigence("E3")
@pytest.mark.asyncio
@pytest.mark.parametrize("order", ORDERS)
async def test_chaque_etape_a_lieu_une_seule_fois(student: Student, order: str) -> None:
    case = scenario(order)
    result = await run(student, case)
    close_coroutines(result.value)
    student.show(case.timeline(student, result.returned))
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


@pytest.mark.exigence("C4")
@pytest.mark.asyncio
async def test_aucune_coroutine_oubliee(student: Student) -> None:
    case = scenario(random.choice(ORDERS))
    result = await run(student, case)
    close_coroutines(result.value)
    # The course's rules record the warnings first (tests/support/course_rules.py).
    measured = [v.observed for v in student.rules.violations if v.rule == NEVER_AWAITED]
    if result.forgotten or measured:
        listed = ", ".join(f"'{name}'" for name in dict.fromkeys(result.forgotten))
        student.fail(
            "Une coroutine a été créée mais jamais attendue.",
            call=case.call,
            observed=f"Python signale « coroutine … was never awaited » pour {listed}"
            if listed
            else measured[0],
            expected="chaque coroutine créée est attendue, ou confiée à create_task",
            advice="cuire(plat) seul ne fait que créer une coroutine : passe-la directement "
            "à asyncio.create_task(...) et supprime l'ancienne ligne",
        )


# -- errors -----------------------------------------------------------------

# name -> the cases it plays in turn, each (order, cuire fails, preparer fails,
# cuire fails at once: before its first await).
FAILURES: dict[str, tuple[tuple[str, bool, bool, bool], ...]] = {
    "l_entree_rate_pendant_la_cuisson": ((ORDERS[0], False, True, False),),
    # The cooking fails while the starter is prepared, then right as it
    # starts: its task has already failed on the loop's first turn.
    "la_cuisson_rate_pendant_l_entree": (
        (ORDERS[1], True, False, False),
        (ORDERS[1], True, False, True),
    ),
    "la_cuisson_rate_apres_l_entree": ((ORDERS[0], True, False, False),),
    "les_deux_ratent": ((ORDERS[1], True, True, False),),
}


def raised_messages(error: BaseException) -> list[str]:
    """The texts of the steps' errors in `error`, unwrapping exception groups."""
    if isinstance(error, BaseExceptionGroup):
        return [m for inner in error.exceptions for m in raised_messages(inner)]
    return [str(error)] if isinstance(error, EtapeRatee) else []


def check_raised(student: Student, case: Scenario, outcome: Outcome) -> None:
    """E4: the call raised one of the steps' errors, as is or in a group."""
    if outcome.error is None:
        close_coroutines(outcome.value)
        student.fail(
            "Une étape a échoué, mais preparer_repas a renvoyé un résultat au lieu de "
            "laisser remonter l'erreur.",
            call=case.call,
            observed=f"valeur renvoyée : {shown(outcome.value)}\n"
            f"             journal : {case.kitchen.describe()}",
            expected="l'exception EtapeRatee levée par l'étape ratée, qui remonte jusqu'à "
            "l'appelant",
            advice="return_exceptions=True range les erreurs dans le résultat au lieu de les "
            "lever : sans lui, gather laisse remonter la première erreur"
            if any(isinstance(v, BaseException) for v in returned_items(outcome.value))
            else "n'attrape pas l'erreur d'une étape pour la remplacer par une valeur : "
            "await cuisson la relance d'elle-même ; si tu veux réagir (annuler la cuisson), "
            "termine ton except par raise",
            requirement="E4",
        )
    if not any(m in case.errors for m in raised_messages(outcome.error)):
        student.fail(
            "L'erreur de l'étape ratée n'est pas celle qui remonte.",
            call=case.call,
            observed=describe_exception(outcome.error, student.tree),
            expected=" ou ".join(f"EtapeRatee: {e}" for e in case.errors)
            + " (telle quelle, ou dans un ExceptionGroup)",
            advice="laisse remonter l'exception de l'étape sans la remplacer par une autre",
            requirement="E4",
        )


def check_nothing_left(student: Student, case: Scenario, seen: int) -> None:
    """C2, said for this failure: the snapshot the course's rules took at return
    (the violations after the first `seen`, those of this call)."""
    left = [v for v in student.rules.violations[seen:] if v.rule == LEFT_RUNNING]
    if not left:
        return
    # The cooking was still on when preparer failed: it did not end by itself
    # (by now, on Python 3.11, a cancel() may have been processed since).
    cooking_was_on = not case.kitchen.count("cuire", END) and not case.kitchen.count(
        "cuire", FAILED
    )
    if case.preparer_error and cooking_was_on:
        advice = (
            "quand preparer échoue, la cuisson tourne encore : éteins le four "
            "(cuisson.cancel()) puis attends la tâche, par exemple "
            "await asyncio.gather(cuisson, return_exceptions=True), avant de laisser remonter "
            "l'erreur (raise) ; cancel() seul ne fait que demander l'arrêt. Un "
            "asyncio.TaskGroup fait tout cela pour toi"
        )
    else:
        advice = (
            "quand une étape échoue, l'autre ne doit pas continuer seule : attends-la (ou "
            "annule-la puis attends-la) avant de laisser remonter l'erreur ; la cuisson en "
            "tâche, l'entrée attendue directement, c'est le plus simple"
        )
    observed = f"{left[0].observed}\n             journal au retour : {case.kitchen.describe()}"
    # The starter, in a task of its own, still on when the cooking's error came
    # back: the code let that error through without awaiting the starter.
    starter_was_on = not any(case.kitchen.count("preparer", e) for e in (END, FAILED, CANCELLED))
    if case.cuire_error and starter_was_on and "preparer" in left[0].observed:
        observed += (
            "\n             l'erreur de cuire est remontée sans attendre l'entrée : preparer "
            "tournait encore dans sa tâche"
        )
    student.fail(
        "Une tâche tournait encore quand preparer_repas a laissé remonter l'erreur.",
        call=case.call,
        observed=observed,
        expected="plus rien en cours quand preparer_repas rend la main, même sur une erreur",
        advice=advice,
        requirement="C2",
    )


def check_all_awaited(
    student: Student, case: Scenario, seen: int, forgotten: list[str], journal: str
) -> None:
    """C4, said for this failure: a coroutine the error left behind, seen once
    the error received is let go (the course's measure, at the return, sees
    none that the error's traceback keeps alive)."""
    measured = [v.observed for v in student.rules.violations[seen:] if v.rule == NEVER_AWAITED]
    if not forgotten and not measured:
        return
    listed = ", ".join(f"'{name}'" for name in dict.fromkeys(forgotten))
    observed = (
        f"Python signale « coroutine … was never awaited » pour {listed}" if listed else measured[0]
    ) + f"\n             journal : {journal}"
    if "preparer" in forgotten and case.cuire_error and not case.kitchen.count("preparer", START):
        observed += (
            "\n             l'erreur de cuire est remontée avant que la coroutine "
            "preparer(entree), déjà créée, soit attendue"
        )
        advice = (
            "une coroutine créée d'avance (preparation = preparer(entree)) puis laissée en "
            "plan par une erreur précoce n'est jamais attendue : crée-la seulement au moment "
            "de l'attendre (entree_preparee = await preparer(entree)) ; inutile de vérifier "
            "le four à part, await cuisson relance son erreur d'elle-même"
        )
    elif "cuire" in forgotten:
        advice = (
            "cuire(plat) seul ne fait que créer une coroutine : passe-la directement "
            "à asyncio.create_task(...) et supprime l'ancienne ligne"
        )
    else:
        advice = (
            "chaque coroutine créée doit être attendue, même quand une étape échoue : crée "
            "une coroutine seulement au moment de l'attendre, ou confie-la à "
            "asyncio.create_task(...) et attends la tâche"
        )
    student.fail(
        "Une coroutine a été créée mais jamais attendue.",
        call=case.call,
        observed=observed,
        expected="chaque coroutine créée est attendue, ou confiée à create_task, même quand "
        "une étape échoue",
        advice=advice,
        requirement="C4",
    )


@pytest.mark.exigence("E4", "E3", "C2", "C3", "C4")
@pytest.mark.asyncio
@pytest.mark.parametrize("failure", list(FAILURES))
async def test_une_erreur_d_etape_remonte(student: Student, failure: str) -> None:
    for order, cuire_fails, preparer_fails, at_once in FAILURES[failure]:
        await check_failure(
            student,
            scenario(
                order,
                cuire_fails=cuire_fails,
                preparer_fails=preparer_fails,
                cuire_at_once=at_once,
            ),
        )


async def check_failure(student: Student, case: Scenario) -> None:
    """One failing case: its error raised (E4), each step once (E3), nothing
    left running (C2), no error lost (C3), no coroutine left unawaited (C4)."""
    preparer_repas = student.function("preparer_repas")
    seen = len(student.rules.violations)
    with (
        record_loop_errors() as errors,
        watch_silenced_errors() as silenced,
        record_never_awaited() as forgotten,
    ):
        outcome = await student.outcome(
            preparer_repas(case.plat, case.entree, case.cuire, case.preparer),
            call=case.call,
            limit=5,
        )
        student.show(case.timeline(student, perf_counter()))
        journal = case.kitchen.describe()
        check_each_step_once(student, case.kitchen, case.call, case.items)
        check_raised(student, case, outcome)
        check_nothing_left(student, case, seen)
        # The error kept in `outcome` keeps the student's variables (its
        # traceback) and so their tasks alive: let go of it, then collect.
        del outcome
        gc.collect()
    lost = [e for e in never_retrieved(errors) if isinstance(e.exception, EtapeRatee)]
    hushed = [n for n in silenced if issubclass(n.error_type, EtapeRatee) and not n.read]
    if hushed and not lost:
        student.fail(
            "L'erreur d'une étape a été perdue : personne ne l'a lue.",
            call=case.call,
            observed=f"la tâche de {hushed[0].task} avait déjà échoué "
            f"({hushed[0].error}) quand ton code l'a "
            f"annulée, et son erreur n'a jamais été lue\n             journal : {journal}",
            expected="chaque erreur lue par ton code, même celle d'une étape qu'il ne laisse "
            "pas remonter",
            advice="cancel() ne fait rien à une tâche déjà finie : il ne lit pas son erreur "
            "(il fait seulement taire l'avertissement d'asyncio). Attends la tâche après "
            "l'avoir annulée : await asyncio.gather(cuisson, return_exceptions=True) lit son "
            "erreur, qu'elle tourne encore ou non",
            requirement="C3",
        )
    if lost:
        student.fail(
            "L'erreur d'une étape a été perdue : personne ne l'a lue.",
            call=case.call,
            observed=f"« Task exception was never retrieved » : {lost[0].describe()}\n"
            f"             journal : {journal}",
            expected="chaque erreur lue par ton code, même celle d'une étape qu'il ne laisse "
            "pas remonter",
            advice=(
                "la cuisson a raté pendant l'entrée, puis l'entrée a raté à son tour : même "
                "finie, la tâche de cuisson garde son erreur tant que personne ne la lit ; "
                "await asyncio.gather(cuisson, return_exceptions=True) la lit, que la tâche "
                "tourne encore ou non"
                if case.preparer_error
                else "une tâche de cuisson qu'on n'attend pas garde son erreur pour elle : "
                "attends la tâche que tu as créée (plat_cuit = await cuisson)"
            ),
            requirement="C3",
        )
    check_all_awaited(student, case, seen, forgotten, journal)

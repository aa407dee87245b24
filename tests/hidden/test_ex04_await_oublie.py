"""Exercice 04 — tests cachés (notés, jamais distribués aux élèves).

Noms, scores et accusé de réception sont tirés au hasard à chaque exécution.
Chaque appel est observé par la même fonction `observe`, et chaque test juge
un seul fait :
- au moment même où la fonction rend la main (dans la même étape de la
  boucle) : sauvegardes terminées, sauvegardes en cours ;
- au moment où notifier démarre : sauvegardes terminées, sauvegardes en
  cours ;
- les avertissements « never awaited » et les « Task exception was never
  retrieved », enregistrés au plus près de l'appel (avec un ramasse-miettes
  explicite : un simple `-W error::RuntimeWarning` ne les attrape pas).

L'élève ne lit que le premier test en échec (tools/grading/first_failure.py).
Avant son propre fait, chaque test applique donc à chaque appel le même
diagnostic (`diagnose`) : coroutine renvoyée, coroutines jamais attendues,
sauvegardes encore en cours au retour, notification partie avant la fin des
sauvegardes ; et ceux où une sauvegarde échoue, ce qu'est devenue l'erreur
(`check_error_raised`). Aucun de ces faits ne vient d'une réponse juste, dans
aucun scénario : le premier échec nomme l'erreur commise, aucun verdict ne
change.

Les cas limites arrivent à chaque exécution : une sauvegarde lente (40 à
60 ms) parmi des rapides (1 à 8 ms) ; un dictionnaire vide ; une sauvegarde
qui échoue en premier, puis une autre qui échoue en dernier (dans l'ordre du
dictionnaire), puis la première et la dernière qui échouent ensemble. La
sauvegarde qui échoue est rapide (1 ms) et n'échoue qu'au premier essai : une
réponse qui réessaie en silence cache l'erreur ; une réponse qui lance les
sauvegardes ensemble et laisse les autres tourner quand l'une échoue (gather
sans nettoyage) est vue, puisque la sauvegarde lente est encore en cours
quand l'erreur remonte. Les deux qui échouent ensemble le font sans délai,
donc dans la même étape de la boucle quand elles démarrent dans la même
étape : un TaskGroup n'a pas le temps d'annuler l'une avant que l'autre lève
(son ExceptionGroup en contient deux), et une réponse qui n'attend que les
tâches pas encore finies ne lit jamais l'erreur de l'autre. L'une ou l'autre
SaveError peut remonter : E4 dit « son exception ».

L'accusé de réception est un texte tiré au hasard, et, dans un second appel
des tests d'E2 et d'E3, None : un accusé vide se renvoie tel quel, sans
notifier une seconde fois.

Règles du cours (manifest.toml, `common`) : C2 est mesurée autour de chaque
appel par tests/support/course_rules.py ; le diagnostic de chaque test la
juge aussi lui-même, pour nommer ce qui tournait encore (et gather, quand
une SaveError remontait). C3 et C4 sont enregistrées au plus près de l'appel (la
mesure commune ne voit donc plus rien ici) : C4 par le diagnostic de chaque
test (le seul fait de test_aucune_coroutine_oubliee), qui sait dire laquelle
des fonctions a été oubliée, et combien de fois, le cœur de l'exercice, y
compris les coroutines préparées d'avance qu'une erreur laisse sans await ;
C3 par les tests où une sauvegarde échoue, seul cas où une sauvegarde lève.
La trace de l'erreur qui remonte retient les cadres de l'élève, donc ses
tâches et ses coroutines : le test la lit (pour le message), puis la libère,
et les deux enregistrements restent ouverts jusqu'au ramasse-miettes qui
suit l'appel. Sans cela, ce qu'un appel a laissé tomber n'était vu qu'à un
appel suivant, au hasard du ramasse-miettes.
C1 (boucle bloquée) n'est pas retenue : l'énoncé ne promet rien sur la
boucle (l'exercice n'a ni appel bloquant ni calcul, rien ici n'apprend à ne
pas bloquer), et aucune mauvaise réponse connue ne la bloque. Elle a été
retirée quand sa borne était de 0,15 s : sur la machine partagée (2 cœurs,
charge moyenne 8 à 11), des réponses justes la dépassaient (0,19 s pour la
solution de l'exercice 05, 0,24 s pour une réponse avec as_completed ; ici,
une des 27 exécutions de la solution avec C1 a échoué à la fin d'un test).
La borne est de 0,3 s depuis, mais sa marge n'a été mesurée sous charge
(`nox -s stress`) que dans les exercices qui gardaient C1 : la remettre ici
demanderait la promesse dans l'énoncé, un mutant qui bloque, et cette mesure.

Aucune borne de durée : tout est structurel (états notés dans la même étape
que le retour, ou que le démarrage de notifier). Les délais passent par les
minuteries de la boucle (`call_later`) : même une machine qui cale ne change
pas l'ordre dans lequel ils arrivent à échéance.
"""

from __future__ import annotations

import asyncio
import inspect
import random
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.concurrency import FakeService
from tests.support.never_awaited import record_never_awaited
from tests.support.orphans import Leftovers, LoopError, never_retrieved, record_loop_errors
from tests.support.student import Student, describe_exception

NAMES = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Guido", "Katherine", "Linus", "Margaret"]
LIMIT = 10


class SaveError(RuntimeError):
    """The failure the fake storage raises, on the first try only."""


@dataclass
class Scenario:
    scores: dict[str, int]
    failing: str | None
    slow: str | None
    receipt: str | None
    sauvegarder: FakeService[None]
    notifier: Callable[[Any], Awaitable[str | None]]
    attempts: Counter[str] = field(default_factory=Counter)
    # (saves completed, saves in flight, saves ended: completed or raised)
    # each time notifier started.
    notified: list[tuple[int, int, int]] = field(default_factory=list)
    raised_in_call_task: bool | None = None  # None: the failing save never raised
    call_tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    # A second save failing with the first, at the same moment ("both").
    also_failing: str | None = None

    @property
    def call(self) -> str:
        return f"enregistrer_scores(<{len(self.scores)} scores>, sauvegarder, notifier)"


def scenario(
    *, failing_at: str | None = None, size: int | None = None, empty_receipt: bool = False
) -> Scenario:
    """`failing_at`: None, "first", "last" (in the dictionary's order) or
    "both" (the first and the last, at once); `empty_receipt`: notifier
    answers None."""
    rng = random.Random()
    count = rng.randrange(4, 8) if size is None else size
    names = rng.sample(NAMES, count)
    scores = {name: rng.randrange(21) for name in names}
    failing = None if failing_at is None else names[-1 if failing_at == "last" else 0]
    also = names[-1] if failing_at == "both" else None
    others = [n for n in names if n not in (failing, also)]
    slow = rng.choice(others) if others else None
    delays = {name: rng.uniform(0.001, 0.008) for name in names}
    if slow is not None:
        delays[slow] = rng.uniform(0.040, 0.060)
    if failing is not None:
        delays[failing] = 0.001
    if also is not None:
        # No delay: two saves started in the same step of the loop raise in
        # the same later step (timers already due fire together).
        delays[failing] = delays[also] = 0.0
    receipt = None if empty_receipt else f"accusé-{rng.getrandbits(40):010x}"
    attempts: Counter[str] = Counter()
    notified: list[tuple[int, int, int]] = []

    def save(nom: str, score: int) -> None:
        attempts[nom] += 1
        if nom in (failing, also) and attempts[nom] == 1:
            case.raised_in_call_task = asyncio.current_task() in case.call_tasks
            raise SaveError(f"disque plein pendant la sauvegarde de {nom}")

    sauvegarder = FakeService("sauvegarder", save, lambda nom, score: delays[nom])
    fake_notifier = FakeService("notifier", lambda message: receipt)

    async def notifier(message: Any) -> str | None:
        # Noted when notifier starts, not when it answers: a notification
        # launched too early is seen even if it ends after the saves.
        ended = sum(1 for _, _, end in sauvegarder.spans if end)
        notified.append((len(sauvegarder.completed), sauvegarder.in_flight.current, ended))
        return await fake_notifier.operation(message)

    notifier.__name__ = notifier.__qualname__ = "notifier"
    case = Scenario(scores, failing, slow, receipt, sauvegarder, notifier, attempts, notified)
    case.also_failing = also
    return case


@dataclass
class Observation:
    """Plain facts about one call: no coroutine, no task, no exception kept."""

    case: Scenario
    error: BaseException | None = None
    value: Any = None
    returned_coroutine: str | None = None  # the name of the coroutine returned
    completed_at_return: list[str] = field(default_factory=list)
    saves_in_flight_at_return: int = 0
    running_at_return: list[str] = field(default_factory=list)  # the saves in flight
    calls_at_return: int = 0  # calls to sauvegarder made when the function returned
    in_time: bool = False  # the failing save had raised when the function returned
    forgotten: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    error_text: str = ""  # the error as the student reads it, where it was raised

    @property
    def call(self) -> str:
        call = self.case.call
        if self.case.also_failing is not None:
            call += (
                f", sauvegarder({self.case.failing!r}, …) et sauvegarder("
                f"{self.case.also_failing!r}, …) lèvent SaveError au premier essai, "
                "au même moment"
            )
        elif self.case.failing is not None:
            call += f", sauvegarder({self.case.failing!r}, …) lève SaveError au premier essai"
        if self.case.receipt is None:
            call += ", notifier renvoie None"
        return call


async def observe(student: Student, case: Scenario) -> Observation:
    enregistrer_scores = student.function("enregistrer_scores")
    seen = Observation(case)

    def note() -> None:
        seen.completed_at_return = [nom for nom, _ in case.sauvegarder.completed]
        seen.saves_in_flight_at_return = case.sauvegarder.in_flight.current
        seen.running_at_return = [args[0] for args, _, end in case.sauvegarder.spans if not end]
        seen.calls_at_return = len(case.sauvegarder.calls)
        seen.in_time = case.raised_in_call_task is not None

    async def watched() -> Any:
        # The innermost recorders: what the call drops is seen here, by name
        # (the course's rules, measured around this, then see nothing more).
        case.call_tasks.append(asyncio.current_task())  # type: ignore[arg-type]
        forgotten: list[str] = []
        errors: list[LoopError] = []
        try:
            with record_never_awaited() as forgotten, record_loop_errors() as errors:
                try:
                    result = await enregistrer_scores(
                        dict(case.scores), case.sauvegarder.operation, case.notifier
                    )
                finally:
                    note()
                if inspect.iscoroutine(result):
                    seen.returned_coroutine = str(result.__name__)
                    del result  # dropped here, so the recorder names it
                    result = None
            return result
        finally:
            seen.forgotten = forgotten
            seen.lost = [e.describe() for e in never_retrieved(errors)]
            case.call_tasks.clear()

    leftovers = Leftovers()
    # What the call's tasks lose once it is over: a task it had already seen
    # fail and dropped without reading is only collected, and reported, then.
    with record_never_awaited() as dropped, record_loop_errors() as later:
        outcome = await student.outcome(watched(), call=seen.call, limit=LIMIT)
        seen.error, seen.value = outcome.error, outcome.value
        if seen.error is not None:
            seen.error_text = describe_exception(seen.error, student.tree)
            # The traceback holds the student's frames, which can hold the
            # tasks: without it, they are collected before this block ends.
            _drop_tracebacks(seen.error)
        del outcome
        await leftovers.cancel()  # nothing the call left running reaches the next test
    seen.lost += [e.describe() for e in never_retrieved(later)]
    seen.forgotten += dropped
    return seen


def _drop_tracebacks(error: BaseException) -> None:
    """Free the frames `error` went through (and its cause, context and group)."""
    pending, done = [error], set()
    while pending:
        current = pending.pop()
        if id(current) in done:
            continue
        done.add(id(current))
        current.__traceback__ = None
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        if isinstance(current, BaseExceptionGroup):
            pending += list(current.exceptions)


# -- what every test checks first ---------------------------------------------
#
# A student reads only the first failing test (tools/grading/first_failure.py),
# and the first in tests/hidden/ordre.py judges a call where a save fails: a
# forgotten await, saves left running or a notification sent too early show
# there only as « notifier a été appelé » unless every test names them first.
# None of these facts can come from a right answer, in any scenario (a save
# failing or not, an empty dictionary): they change what is read, never a
# verdict.


def diagnose(student: Student, seen: Observation) -> None:
    """The mistakes any call can show, whatever the test's own fact, the
    deepest first."""
    check_no_coroutine_returned(student, seen)
    check_no_coroutine_forgotten(student, seen)
    check_no_save_left_running(student, seen)
    check_not_notified_during_saves(student, seen)


def check_no_coroutine_returned(student: Student, seen: Observation) -> None:
    name = seen.returned_coroutine
    if name is None:
        return
    receipt = seen.case.receipt
    observed = f"un objet coroutine : {name}(...) a été appelé sans await"
    advice = (
        "accuse = await notifier(message)"
        if name == "notifier"
        else f"await {name}(...) : sans await, l'appel ne fait que créer la coroutine"
    )
    # The returned one is among the forgotten: the others are said too (the
    # stub forgets every save as well).
    others = Counter(seen.forgotten)
    others[name] -= 1
    if +others:
        listed = ", ".join(f"'{n}' ({k} fois)" for n, k in (+others).items())
        observed += f" ; Python signale aussi « coroutine … was never awaited » pour {listed}"
        if others["sauvegarder"] > 0:
            observed += " : ces sauvegardes n'ont jamais démarré"
            advice += " ; et await sauvegarder(nom, score) pour chaque score"
    student.fail(
        "La fonction renvoie une coroutine au lieu de l'accusé de réception.",
        call=seen.call,
        observed=observed,
        expected=f"{receipt!r}, la valeur renvoyée par notifier"
        if seen.case.failing is None
        else "la SaveError, qui remonte (et sans erreur, la valeur renvoyée par notifier)",
        advice=advice,
        requirement="E3",
    )


def check_no_coroutine_forgotten(student: Student, seen: Observation) -> None:
    if not seen.forgotten:
        return
    counts = Counter(seen.forgotten)
    listed = ", ".join(f"'{name}' ({n} fois)" for name, n in counts.items())
    observed = f"Python signale « coroutine … was never awaited » pour {listed}"
    if counts["sauvegarder"]:
        observed += (
            f" : ces {counts['sauvegarder']} sauvegarde(s) n'ont jamais démarré "
            f"({len(seen.completed_at_return)} sur {len(seen.case.scores)} terminée(s) au retour)"
        )
    student.fail(
        "Des coroutines ont été créées mais jamais attendues.",
        call=seen.call,
        observed=observed,
        expected="aucune coroutine oubliée : chaque appel async est attendu avec await",
        advice="appeler une fonction async sans await crée une coroutine qui ne fait rien"
        + (
            " ; quand une sauvegarde échoue, les coroutines préparées d'avance pour les "
            "suivantes ne sont jamais attendues : ne crée chaque coroutine qu'au moment de "
            "l'attendre (await sauvegarder(nom, score) dans la boucle), ou confie-les toutes, "
            "dès leur création, à gather ou à un TaskGroup"
            if isinstance(seen.error, SaveError)
            else ""
        ),
        requirement="C4",
    )


def check_no_save_left_running(student: Student, seen: Observation) -> None:
    # Saves still running behind a SaveError on its way up: judged with the
    # error (check_error_raised), to name gather.
    if not seen.running_at_return or isinstance(seen.error, SaveError):
        return
    running = seen.running_at_return
    student.fail(
        "Des sauvegardes tournaient encore quand la fonction a rendu la main.",
        call=seen.call,
        observed=f"{len(running)} sauvegarde(s) avaient démarré mais n'étaient pas finies au "
        f"retour de la fonction : {', '.join(sorted(running))}",
        expected="chaque sauvegarde terminée quand la fonction rend la main",
        advice="une tâche lancée avec create_task tourne sans toi : attends-la (await, gather, "
        "TaskGroup) avant de rendre la main",
        requirement="C2",
    )


def check_not_notified_during_saves(student: Student, seen: Observation) -> None:
    case = seen.case
    if not case.notified:
        return
    # The first notification started with the fewest saves ended.
    completed, in_flight, ended = case.notified[0]
    later = seen.calls_at_return - ended - in_flight
    if not in_flight and not later:
        return
    details = [f"{completed} sauvegarde(s) terminée(s) sur {len(case.scores)}"]
    if in_flight:
        details.append(f"{in_flight} encore en cours")
    if later:
        details.append(f"{later} lancée(s) seulement après")
    student.fail(
        "La notification est partie avant la fin des sauvegardes.",
        call=seen.call,
        observed=f"au démarrage de notifier : {', '.join(details)}",
        expected="toutes les sauvegardes terminées avant que notifier démarre"
        + (" (et, si l'une échoue, aucune notification)" if case.failing else ""),
        advice="attends toutes les sauvegardes (await, ou la sortie du bloc async with "
        "d'un TaskGroup) avant d'appeler notifier ; un gather qui contient aussi notifier "
        "le lance en même temps qu'elles",
        requirement="E2",
    )


# -- the tests ----------------------------------------------------------------


def fail_if_raised(student: Student, seen: Observation) -> None:
    if seen.error is not None:
        student.fail(
            "L'appel a levé une exception.",
            call=seen.call,
            observed=seen.error_text,
            expected="un résultat, sans exception (aucune sauvegarde n'échoue ici)",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E1")
async def test_chaque_score_est_sauvegarde_avant_le_retour(student: Student) -> None:
    seen = await observe(student, scenario())
    diagnose(student, seen)
    fail_if_raised(student, seen)
    case = seen.case
    missing = [nom for nom in case.scores if nom not in seen.completed_at_return]
    if missing:
        started = {nom for nom, _ in case.sauvegarder.calls}
        why = (
            "ces sauvegardes avaient démarré mais n'étaient pas finies au retour de la fonction"
            if set(missing) <= started
            else "ces sauvegardes n'ont jamais démarré"
        )
        advice = (
            "une tâche lancée avec create_task tourne sans toi : attends-la (await) avant de "
            "rendre la main"
            if set(missing) <= started
            else "await sauvegarder(nom, score) pour chaque score"
        )
        student.fail(
            "Des scores n'ont pas été sauvegardés.",
            call=case.call,
            observed=f"{len(missing)} score(s) non sauvegardé(s) au retour : "
            f"{', '.join(sorted(missing))} ({why})",
            expected=f"les {len(case.scores)} scores sauvegardés quand la fonction se termine",
            advice=advice,
        )
    calls = Counter(nom for nom, _ in case.sauvegarder.calls)
    saved = dict(case.sauvegarder.completed)
    if saved != case.scores or calls != Counter(list(case.scores)):
        twice = sorted(nom for nom, n in calls.items() if n > 1)
        student.fail(
            "Les sauvegardes ne correspondent pas aux scores reçus.",
            call=case.call,
            observed=f"{calls.total()} appel(s) à sauvegarder"
            + (f" ; sauvegardés plusieurs fois : {', '.join(twice)}" if twice else "")
            + f" ; sauvegardé : {saved}",
            expected=f"un appel sauvegarder(nom, score) par score : {case.scores}",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("C4")
async def test_aucune_coroutine_oubliee(student: Student) -> None:
    seen = await observe(student, scenario())
    diagnose(student, seen)  # check_no_coroutine_forgotten is this test's own fact


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
async def test_renvoie_l_accuse_de_reception(student: Student) -> None:
    for empty in (False, True):
        seen = await observe(student, scenario(empty_receipt=empty))
        diagnose(student, seen)  # a coroutine returned among the rest
        fail_if_raised(student, seen)
        receipt = seen.case.receipt
        if seen.value is not receipt and seen.value != receipt:
            student.fail(
                "La fonction ne renvoie pas l'accusé de réception de notifier.",
                call=seen.call,
                observed=repr(seen.value),
                expected=f"{receipt!r}, la valeur renvoyée par notifier",
                advice="renvoie ce que notifier a renvoyé tel quel, même None : un accusé "
                "vide est encore l'accusé, ne le remplace pas"
                if receipt is None
                else None,
            )


def check_notified_once_after_saves(student: Student, seen: Observation) -> None:
    case = seen.case
    if len(case.notified) != 1:
        again = len(case.notified) > 1 and case.receipt is None
        student.fail(
            "notifier doit être appelé exactement une fois.",
            call=seen.call,
            observed=f"notifier appelé {len(case.notified)} fois"
            + (" ; la première fois, il avait répondu None" if again else ""),
            expected="une notification, à la fin, même quand il n'y a aucun score",
            advice="await notifier(...) une seule fois, après la boucle de sauvegarde"
            + (
                " ; avec un dictionnaire vide aussi : « 0 scores enregistrés » se notifie"
                if not case.scores
                else ""
            )
            + (
                " ; None est la réponse de notifier, pas une notification perdue : "
                "ne le rappelle pas, renvoie ce None"
                if again
                else ""
            ),
            requirement="E2",
        )
    completed, in_flight, _ = case.notified[0]
    if completed != len(case.scores):
        running = f", {in_flight} encore en cours" if in_flight else ""
        student.fail(
            "La notification est partie avant la fin des sauvegardes.",
            call=seen.call,
            observed=f"au démarrage de notifier : {completed} sauvegarde(s) terminée(s) sur "
            f"{len(case.scores)}{running}",
            expected="toutes les sauvegardes terminées avant que notifier démarre",
            advice="attends toutes les sauvegardes (await, ou la sortie du bloc async with "
            "d'un TaskGroup) avant d'appeler notifier ; un gather qui contient aussi notifier "
            "le lance en même temps qu'elles",
            requirement="E2",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E2")
async def test_notification_unique_apres_toutes_les_sauvegardes(student: Student) -> None:
    for empty in (False, True):
        seen = await observe(student, scenario(empty_receipt=empty))
        diagnose(student, seen)
        fail_if_raised(student, seen)
        check_notified_once_after_saves(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("E2", "E3")
async def test_dictionnaire_vide(student: Student) -> None:
    seen = await observe(student, scenario(size=0))
    diagnose(student, seen)
    if seen.error is not None:
        student.fail(
            "Avec un dictionnaire vide, l'appel a levé une exception.",
            call=seen.call,
            observed=seen.error_text,
            expected="rien à sauvegarder, une notification, et l'accusé renvoyé",
            advice="asyncio.wait refuse une liste vide (ValueError) ; une boucle for, gather "
            "ou un TaskGroup acceptent de n'avoir rien à faire",
            requirement="E2",
        )
    check_notified_once_after_saves(student, seen)
    if seen.value != seen.case.receipt:
        student.fail(
            "Avec un dictionnaire vide, la fonction ne renvoie pas l'accusé de réception.",
            call=seen.call,
            observed=repr(seen.value),
            expected=f"{seen.case.receipt!r}, la valeur renvoyée par notifier",
            requirement="E3",
        )


async def observe_failures(student: Student) -> AsyncIterator[Observation]:
    """One call where the first save fails, then one where the last one does,
    then one where both do at once: each is judged before the next is made,
    so a wrong answer caught on the first call does not wait through the
    others."""
    for at in ("first", "last", "both"):
        yield await observe(student, scenario(failing_at=at))


def _count_leaves(group: BaseExceptionGroup[BaseException]) -> int:
    return sum(
        _count_leaves(e) if isinstance(e, BaseExceptionGroup) else 1 for e in group.exceptions
    )


def check_error_raised(student: Student, seen: Observation) -> None:
    """A save failed: its SaveError reached the caller as it is, nothing left
    running behind it, no task error lost. Checked first by the tests of a
    failing save, whatever their own fact: the one failed first names what
    was done with the error."""
    case = seen.case
    if isinstance(seen.error, SaveError):
        if seen.saves_in_flight_at_return:
            student.fail(
                "L'erreur est remontée alors que d'autres sauvegardes tournaient encore.",
                call=seen.call,
                observed=f"au moment où la SaveError remonte, {seen.saves_in_flight_at_return} "
                "sauvegarde(s) encore en cours, laissée(s) derrière la fonction",
                expected="plus aucune sauvegarde en cours quand la fonction rend la main, "
                "même sur une erreur",
                advice="gather sans return_exceptions transmet la première erreur mais laisse "
                "les autres tourner : sauvegarde les scores l'un après l'autre, ou dans un "
                "asyncio.TaskGroup, qui annule et attend les autres avant de laisser passer "
                "l'erreur",
                requirement="C2",
            )
        if seen.lost:
            student.fail(
                "Une erreur d'une tâche a été perdue.",
                call=seen.call,
                observed="asyncio signale « Task exception was never retrieved » pour : "
                + ", ".join(seen.lost),
                expected="chaque erreur d'une sauvegarde lue par ton code",
                advice="attends chaque tâche que tu lances : son erreur n'est lue qu'ainsi"
                + (
                    " ; quand une erreur remonte, lis aussi les tâches déjà finies, pas "
                    "seulement celles que tu annules : une autre a pu échouer au même moment "
                    "(gather(..., return_exceptions=True) sur toutes, ou un TaskGroup)"
                    if case.also_failing is not None
                    else ""
                ),
                requirement="C3",
            )
        return
    advice = (
        "une erreur dans une coroutine n'apparaît que si on l'attend ; "
        "ne l'attrape pas pour la faire taire"
    )
    if seen.error is None:
        observed = f"aucune exception (valeur renvoyée : {seen.value!r})"
    elif isinstance(seen.error, BaseExceptionGroup) and (inside := seen.error.subgroup(SaveError)):
        several = _count_leaves(inside)
        observed = (
            f"un {type(seen.error).__name__} qui contient "
            + (f"{several} SaveError" if several > 1 else "la SaveError")
            + f" : {seen.error_text}"
        )
        advice = (
            "un TaskGroup emballe les erreurs dans un ExceptionGroup ; l'appelant attend la "
            "SaveError elle-même : except* SaveError, ou except ExceptionGroup as groupe: "
            "raise groupe.exceptions[0]"
        )
        if several > 1:
            advice += (
                " ; quand plusieurs sauvegardes échouent au même moment, le groupe en "
                "contient plusieurs : relève-en une (la première), quel que soit leur nombre"
            )
    else:
        observed = f"une autre exception : {seen.error_text}"
        # Raised from the SaveError, or made from it (its text names it: a
        # summary of the errors gather returned): it stands in its place.
        if (
            seen.error.__cause__ is not None
            or seen.error.__context__ is not None
            or "SaveError" in str(seen.error)
        ):
            advice = (
                "ne remplace pas l'erreur par une autre : laisse la SaveError remonter "
                "telle quelle (ou relance-la avec un raise seul)"
            )
    retried = next(
        (n for n in (case.failing, case.also_failing) if n is not None and case.attempts[n] > 1),
        None,
    )
    if seen.error is None and retried is not None:
        observed += (
            f" ; sauvegarder({retried!r}, …) a été appelé "
            f"{case.attempts[retried]} fois : l'erreur du premier essai a été cachée "
            "par un nouvel essai"
        )
        advice = "ne réessaie pas en silence : l'appelant doit savoir que la sauvegarde a échoué"
    elif seen.error is None and seen.lost:
        observed += (
            " ; la SaveError a fini dans une tâche que personne n'a lue (« Task exception "
            "was never retrieved »)"
        )
        advice = (
            "asyncio.wait et une tâche jamais attendue gardent l'erreur pour elles : "
            "attends chaque sauvegarde avec await (ou gather, ou un TaskGroup)"
        )
    elif seen.error is None and case.raised_in_call_task:
        observed += (
            " ; pourtant la SaveError est bien passée par enregistrer_scores, "
            "qui l'a attrapée sans la relancer"
        )
        advice = (
            "ne mets pas de try/except autour de await sauvegarder(...) pour faire "
            "taire l'erreur : laisse-la remonter à l'appelant"
        )
    elif seen.error is None and case.raised_in_call_task is False and seen.in_time:
        observed += (
            " ; la SaveError, levée dans une autre tâche, a bien été lue (gather, wait…) "
            "puis ignorée"
        )
        advice = (
            "gather(..., return_exceptions=True) et asyncio.wait rangent l'erreur sans la "
            "lever : ici, gather sans return_exceptions (ou un TaskGroup) la fait remonter"
        )
    elif seen.error is None and case.raised_in_call_task is False:
        observed += (
            " ; la SaveError a été levée dans une autre tâche, et n'est jamais "
            "arrivée jusqu'à enregistrer_scores"
        )
        advice = (
            "une tâche qu'on n'attend pas garde son erreur pour elle : attends chaque "
            "sauvegarde (await, gather ou un TaskGroup)"
        )
    elif seen.error is None:
        observed += (
            " ; la sauvegarde qui échoue avait démarré mais n'était pas terminée au retour"
            if case.failing in {nom for nom, _ in case.sauvegarder.calls}
            else " ; la sauvegarde qui échoue n'a jamais été exécutée"
        )
    student.fail(
        "Une sauvegarde a échoué, mais son erreur n'est pas remontée telle quelle.",
        call=seen.call,
        observed=observed,
        expected="la SaveError de sauvegarder remonte jusqu'à l'appelant, telle quelle",
        advice=advice,
        requirement="E4",
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E4", "C2", "C3")
async def test_une_sauvegarde_qui_echoue_fait_echouer_l_appel(student: Student) -> None:
    async for seen in observe_failures(student):
        diagnose(student, seen)
        check_error_raised(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("E5")
async def test_pas_de_notification_si_une_sauvegarde_echoue(student: Student) -> None:
    async for seen in observe_failures(student):
        diagnose(student, seen)
        check_error_raised(student, seen)
        if seen.case.notified:
            completed, _, _ = seen.case.notified[0]
            student.fail(
                "notifier a été appelé alors qu'une sauvegarde a échoué.",
                call=seen.call,
                observed=f"notifier appelé {len(seen.case.notified)} fois, la première avec "
                f"{completed} sauvegarde(s) terminée(s) sur {len(seen.case.scores)}",
                expected="aucune notification : tout n'a pas été sauvegardé",
                advice="n'appelle pas notifier dans un finally ni dans un except : seulement "
                "après la fin de toutes les sauvegardes, quand aucune n'a échoué",
            )

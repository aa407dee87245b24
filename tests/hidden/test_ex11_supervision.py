"""Exercice 11 — tests cachés (notés, jamais distribués aux élèves).

Des scénarios tirés au hasard à chaque exécution ; les travaux sont des
faux de test (tests/support/supervision.py) qui notent s'ils ont démarré, fini,
échoué, été annulés, et qui attendent sur des minuteries de la boucle :
- succès : 4 à 7 travaux de 5 à 30 ms (durées distinctes, jamais dans l'ordre
  de la liste), résultats au hasard, délai 1 s ;
- doublon (un test, E1) : le cas succès où une même fonction figure à deux
  places non voisines de la liste ; elle doit démarrer deux fois (une liste
  dédoublonnée avec set ou dict.fromkeys ne la lance qu'une fois), et le
  résultat a une entrée par place ;
- erreur : 4 à 7 travaux, l'un lève une exception au hasard après 5 à 15 ms,
  les autres dureraient 300 à 500 ms ; délai 2 s. Le travail qui échoue est
  le premier de la liste dans un test et le dernier dans l'autre, à chaque
  exécution (attendre les tâches dans l'ordre n'est pris que s'il est
  dernier) ;
- délai : 3 à 6 travaux dont un finit à 10-30 % du délai et les autres
  dureraient 8 à 12 fois le délai, délai de 40 à 60 ms (« TimeoutError
  seulement si rien n'a fini » est pris) ;
- délai échelonné (test de TimeoutError seulement) : 4 à 6 travaux, dans la
  liste dans l'ordre où ils finissent, à 0,55, 0,8, 1,05… fois le délai
  (0,10 à 0,14 s) : chacun finit moins d'un délai après le précédent, le
  dernier bien après l'échéance. Un délai donné à chaque attente
  (asyncio.wait_for sur chaque tâche, l'une après l'autre) repart de zéro à
  chaque fois et n'expire jamais : aucune TimeoutError. Pour qu'il expire
  quand même, il faudrait que la boucle prenne plus de 0,75 délai (75 à
  105 ms) de retard entre deux fins de travaux. Une bonne réponse
  (asyncio.timeout ou wait_for autour du groupe, asyncio.wait(timeout=…)),
  elle, lève TimeoutError même en retard : l'échéance, la plus proche des
  minuteries, passe avant la fin des travaux restants ;
- liste vide : [] et un seul nettoyer().

nettoyer() est jugé sur ce qui tourne quand il est appelé, et aussi sur ce qui
tourne après : une tâche créée mais pas encore démarrée au moment de
nettoyer() (nettoyer dans le bloc du TaskGroup) tourne encore.

Règles du cours (manifest.toml, `common`) : C1, C2, C4. C2 double E9, dont
le message (travaux en cours, annulation demandée mais pas attendue) parle
en premier. C3 n'est pas retenue : un seul travail échoue par scénario, et
E3 exige déjà que son erreur remonte à l'appelant. Un appel qui bloque la
boucle plus de 0,45 s d'affilée (1,5 fois la borne de C1) est arrêté là
(tests/support/supervision.py, BlockGuard) et jugé sur C1 : une boucle de
surveillance qui dort avec time.sleep(0,8) est décidée en un blocage, pas en
trois.

Chaque appel est observé au moment même où la fonction rend la main ou lève
(dans la même étape de la boucle) : travaux en cours, tâches démarrées pendant
l'appel et pas finies ; et à chaque appel de nettoyer(), les travaux en cours.
Des travaux qui n'ont jamais tourné deux à la fois (E1) sont dits avant ce que
vérifie chaque test : c'est la cause de presque tout le reste. Une bonne réponse
les démarre tous dans la même étape de la boucle, avant qu'aucun ne finisse.

Les tests qui jugent le déroulement dans le temps (E1, E4 à E9) dessinent avec
leur échec la chronologie des travaux (`show`) : chaque travail en barre, fini,
échoué ou annulé, sans fin s'il tournait encore au retour de l'appel ; en
dessous, la forme attendue : tous en même temps, les autres annulés à la
première erreur ou à l'échéance ; nettoyer() à part, dans le test E7/E8.

Les vérifications sont structurelles (exception reçue, états des travaux,
tâches restantes), sauf deux qui dépendent de l'horloge. Mesures : médianes de
9 appels, machine partagée (2 cœurs, d'autres tests en cours), « repos » puis
avec les 2 cœurs occupés par deux boucles infinies, Python 3.11 / 3.13.
- « aucun autre travail n'a fini » après une erreur : une bonne réponse rend la
  main 12 à 20 ms après le début (pire appel : 41 ms, 2 cœurs occupés) ; les
  autres travaux dureraient au moins 300 ms, soit 15 fois plus (7 fois au pire).
- durée avant TimeoutError, borne 6 × délai, en multiples du délai :
                                      repos        2 cœurs occupés
    solution                          1,01 / 1,03  1,15 / 1,05
    code de départ (délai ignoré)     11,6 / 10,9  11,7 / 11,7
  Le retard d'une bonne réponse est un temps absolu (la boucle qui tarde à
  la reprendre), donc plus lourd pour un délai de 40 ms : le stress du
  7 décembre, sous une charge de 20, a vu 2,56 × le délai, d'où 6 plutôt que
  4 (marge 2,3). Un code qui attend les travaux longs du cas « délai » (8 à
  12 × le délai) reste au moins 1,33 × au-delà de la borne, quelle que soit
  la charge, puisque la charge ne fait que l'allonger (le code de départ ne
  lève d'ailleurs jamais TimeoutError : il est aussi pris sans l'horloge).
  Chaque cas a sa mesure (« délai », « délai échelonné ») dans le stress.
Durée des 12 tests (publics et cachés) sur la solution : environ 0,5 s.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from dataclasses import dataclass, field

import pytest

from tests.support.clock import perf_counter
from tests.support.measures import record
from tests.support.orphans import Leftovers, summarize
from tests.support.student import Outcome, Student, describe_exception
from tests.support.supervision import (
    CLEANUP_ADVICE,
    KEPT_RUNNING_ADVICE,
    SWALLOWED_ADVICE,
    BlockGuard,
    Cleanup,
    Job,
    Jobs,
    State,
    cleanup_advice,
    deadline_on_one_job,
    fail_if_one_at_a_time,
    fail_if_stopped,
    leaves,
    timeline,
)
from tools.common import french

BOUND_FACTOR = 6.0  # TimeoutError expected within BOUND_FACTOR × delai (see above)
STAGGER = 0.25  # × delai between two ends of the staggered deadline scenario


class TravailEchoue(RuntimeError):
    """One of the failures a job can raise."""


ERRORS: list[type[Exception]] = [ConnectionError, ValueError, KeyError, TravailEchoue]


@dataclass
class Scenario:
    kind: str
    jobs: Jobs
    delai: float
    failing: Job | None = None
    twin: Job | None = None  # the job listed twice ("double")
    # What the call did, noted when it returned or raised.
    outcome: Outcome = field(default_factory=Outcome)
    elapsed: float = 0.0
    running_at_return: list[str] = field(default_factory=list)
    cancelling_at_return: list[str] = field(default_factory=list)
    tasks_at_return: list[str] = field(default_factory=list)
    cleanup: Cleanup | None = None

    @property
    def call(self) -> str:
        what = {
            "succes": "qui réussissent tous",
            "double": f"qui réussissent tous, dont {self.twin.name if self.twin else '?'} "
            "deux fois",
            "erreur": f"dont {self.failing.name if self.failing else '?'} qui échoue",
            "delai": "presque tous trop longs pour le délai",
            "echelonne": "qui finissent l'un après l'autre, le dernier après le délai",
            "vide": "",
        }[self.kind]
        if self.kind == "vide":
            return f"executer_groupe([], {self.delai:g}, nettoyer)"
        count = len(self.jobs.listed or self.jobs.jobs)
        return f"executer_groupe(<{count} travaux {what}>, {self.delai:g}, nettoyer)"


def job_names(rng: random.Random, count: int) -> list[str]:
    return [f"travail_{letter}" for letter in rng.sample(string.ascii_lowercase, count)]


def success_scenario(rng: random.Random) -> Scenario:
    count = rng.randrange(4, 8)
    delays = [0.005 + 0.025 * i / (count - 1) for i in range(count)]
    while delays == sorted(delays):
        rng.shuffle(delays)
    jobs = [
        Job(name, delay, f"résultat-{rng.getrandbits(32):08x}")
        for name, delay in zip(job_names(rng, count), delays, strict=True)
    ]
    return Scenario("succes", Jobs(jobs), 1.0)


def double_scenario(rng: random.Random) -> Scenario:
    """Jobs that all succeed, one of them at two places in the list (never
    side by side): the same function, two jobs, two starts."""
    case = success_scenario(rng)
    jobs = case.jobs.jobs
    case.twin = rng.choice(jobs)
    listed = list(jobs)
    first = jobs.index(case.twin)
    listed.insert(rng.choice([i for i in range(len(jobs) + 1) if i not in (first, first + 1)]),
                  case.twin)  # fmt: skip
    return Scenario("double", Jobs(jobs, listed=listed), case.delai, twin=case.twin)


def failure_scenario(rng: random.Random, where: str = "") -> Scenario:
    count = rng.randrange(4, 8)
    jobs = [
        Job(name, rng.uniform(0.3, 0.5), f"résultat-{rng.getrandbits(32):08x}")
        for name in job_names(rng, count)
    ]
    failing = {"premier": jobs[0], "dernier": jobs[-1]}.get(where) or rng.choice(jobs)
    failing.delay = rng.uniform(0.005, 0.015)
    failing.error = rng.choice(ERRORS)(f"{failing.name} a planté (code {rng.randrange(1000)})")
    return Scenario("erreur", Jobs(jobs), 2.0, failing)


def deadline_scenario(rng: random.Random) -> Scenario:
    delai = round(rng.uniform(0.040, 0.060), 3)
    jobs = [
        Job(name, delai * rng.uniform(8, 12), f"résultat-{rng.getrandbits(32):08x}")
        for name in job_names(rng, rng.randrange(3, 7))
    ]
    # One job always ends well before the deadline: the group still times out.
    jobs[rng.randrange(len(jobs))].delay = delai * rng.uniform(0.1, 0.3)
    return Scenario("delai", Jobs(jobs), delai)


def staggered_deadline_scenario(rng: random.Random) -> Scenario:
    """Jobs listed in the order they end, each less than a deadline after the
    one before: a deadline per await, restarted at each, never runs out."""
    delai = round(rng.uniform(0.10, 0.14), 3)
    jobs = [
        Job(name, delai * (0.55 + STAGGER * index), f"résultat-{rng.getrandbits(32):08x}")
        for index, name in enumerate(job_names(rng, rng.randrange(4, 7)))
    ]
    return Scenario("echelonne", Jobs(jobs), delai)


def empty_scenario(rng: random.Random) -> Scenario:
    return Scenario("vide", Jobs([]), 1.0)


SCENARIOS = {
    "succes": success_scenario,
    "double": double_scenario,
    "erreur": failure_scenario,
    "delai": deadline_scenario,
    "echelonne": staggered_deadline_scenario,
    "vide": empty_scenario,
}


def too_long(case: Scenario) -> list[str]:
    """The jobs that would outlast the deadline."""
    return [job.name for job in case.jobs.jobs if job.delay > case.delai]


async def observe(student: Student, kind: str, where: str = "") -> Scenario:
    executer_groupe = student.function("executer_groupe")
    rng = random.Random()
    case = failure_scenario(rng, where) if kind == "erreur" else SCENARIOS[kind](rng)
    case.cleanup = Cleanup(case.jobs)

    def note() -> None:
        case.elapsed = perf_counter() - start
        case.running_at_return = case.jobs.at_return()
        case.cancelling_at_return = case.jobs.cancel_requested()

    leftovers = Leftovers()
    guard = BlockGuard()
    start = perf_counter()
    case.outcome = await student.outcome(
        guard.run(
            leftovers.watch(
                executer_groupe(case.jobs.functions(), case.delai, case.cleanup), on_return=note
            )
        ),
        call=case.call,
        limit=10,
    )
    case.tasks_at_return = leftovers.at_return
    await leftovers.cancel()  # jobs a wrong answer left running must not outlive the test
    fail_if_stopped(student, guard, case.call)
    # Before what each test checks: jobs run one at a time explain most of it.
    fail_if_one_at_a_time(student, case.jobs, case.call, case.delai)
    return case


def nothing_returned(value: object) -> str:
    """What the call returned, said plainly when it is None."""
    if value is None:
        return "None : executer_groupe ne renvoie pas les résultats des travaux (pas de return)"
    return repr(value)


RETURN_ADVICE = (
    "garde les tâches dans une liste, dans l'ordre des travaux, puis renvoie "
    "[tache.result() for tache in taches] une fois le groupe terminé"
)


def show(student: Student, case: Scenario, *, cleanup: bool = False) -> None:
    """With any failure of the test, draw the jobs as they ran (and nettoyer()'s
    calls, with `cleanup`) above the statement's shape: all at once, the others
    cancelled at the first failure or at the deadline."""
    drawn = case.cleanup if cleanup else None
    student.show(timeline(case.jobs, student.started, case.delai, drawn))


def fail_if_raised(student: Student, case: Scenario, requirement: str | None = None) -> None:
    error = case.outcome.error
    if error is not None:
        student.fail(
            "L'appel a levé une exception alors que tous les travaux réussissent.",
            call=case.call,
            observed=describe_exception(error, student.tree),
            expected="la liste des résultats, sans exception",
            advice="nettoyer est une fonction ordinaire : appelle-la sans await"
            if isinstance(error, TypeError) and "await" in str(error)
            else None,
            requirement=requirement,
        )


def fail_if_left_running(student: Student, case: Scenario, advice: str) -> None:
    if case.running_at_return or case.tasks_at_return:
        what = (
            f"travaux encore en cours : {', '.join(case.running_at_return)}"
            if case.running_at_return
            else f"tâches pas finies : {summarize(case.tasks_at_return)}"
        )
        if case.running_at_return and case.cancelling_at_return == case.running_at_return:
            what += (
                " ; leur annulation avait été demandée (cancel()), mais elle n'était pas "
                "encore terminée"
            )
            advice = (
                "tache.cancel() ne fait que demander l'arrêt : attends ensuite les tâches "
                "annulées (await asyncio.gather(*taches, return_exceptions=True)) ; "
                "asyncio.TaskGroup fait les deux pour toi"
            )
        elif case.running_at_return and not case.cancelling_at_return:
            what += " ; aucun n'avait été annulé"
            if deadline_on_one_job(case.outcome.error, case.jobs):
                advice = (
                    "un délai sur une seule tâche (asyncio.wait_for) ne surveille qu'elle : "
                    "quand elle échoue ou dépasse son délai, les autres continuent ; "
                    "asyncio.timeout(delai) autour d'un TaskGroup annule tout le groupe"
                )
        student.fail(
            "La fonction a rendu la main alors que des travaux tournaient encore.",
            call=case.call,
            observed=f"au moment où executer_groupe se termine, {what}",
            expected="plus aucun travail en cours : ceux qui restent sont annulés, et "
            "l'annulation attendue, avant de rendre la main",
            advice=advice,
            requirement="E9",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E2", "E1")
async def test_renvoie_les_resultats_dans_l_ordre(student: Student) -> None:
    case = await observe(student, "succes")
    fail_if_raised(student, case, "E2")
    starts = Counter({job.name: job.starts for job in case.jobs.jobs})
    if any(n != 1 for n in starts.values()):
        student.fail(
            "Chaque travail doit être démarré exactement une fois.",
            call=case.call,
            observed=", ".join(f"{name} : {n} fois" for name, n in starts.items()),
            expected="chaque travail démarré une fois, avec travail()",
            requirement="E1",
        )
    expected = [job.result for job in case.jobs.jobs]
    value = case.outcome.value
    if not isinstance(value, list | tuple) or list(value) != expected:
        by_end = [job.result for job in sorted(case.jobs.jobs, key=lambda j: j.delay)]
        observed = (
            "les résultats dans l'ordre où les travaux ont fini"
            if isinstance(value, list | tuple) and list(value) == by_end
            else nothing_returned(value)
        )
        student.fail(
            "La fonction ne renvoie pas les résultats des travaux dans l'ordre de la liste.",
            call=case.call,
            observed=observed,
            expected=f"{expected}",
            advice=RETURN_ADVICE,
            requirement="E2",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E1", "E2")
async def test_un_travail_present_deux_fois_est_lance_deux_fois(student: Student) -> None:
    case = await observe(student, "double")
    assert case.twin is not None  # narrows the types: the "double" scenario sets both
    assert case.jobs.listed is not None
    fail_if_raised(student, case, "E1")
    if case.twin.starts != 2:
        student.fail(
            "Une fonction présente deux fois dans la liste doit être lancée deux fois.",
            call=case.call,
            observed=f"{case.twin.name} démarré {case.twin.starts} fois",
            expected=f"{case.twin.name} démarré 2 fois : un travail par place dans la liste",
            advice="ne dédoublonne pas travaux (set, dict.fromkeys) et ne range pas les tâches "
            "dans un dictionnaire indexé par la fonction : une tâche par élément de la liste, "
            "gardée dans une liste",
            requirement="E1",
        )
    expected = [job.result for job in case.jobs.listed]
    value = case.outcome.value
    if not isinstance(value, list | tuple) or list(value) != expected:
        student.fail(
            "La fonction ne renvoie pas un résultat par place dans la liste des travaux.",
            call=case.call,
            observed=nothing_returned(value),
            expected=f"{expected}",
            advice=RETURN_ADVICE,
            requirement="E2",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E1")
async def test_les_travaux_tournent_en_meme_temps(student: Student) -> None:
    case = await observe(student, "succes")
    show(student, case)
    fail_if_raised(student, case)
    count = len(case.jobs.jobs)
    if case.jobs.in_flight.peak != count:
        student.fail(
            "Les travaux n'ont pas tous tourné en même temps.",
            call=case.call,
            observed=f"au plus {case.jobs.in_flight.peak} travail(aux) en cours à la fois",
            expected=f"les {count} travaux en cours en même temps",
            advice="crée une tâche par travail (groupe.create_task(travail())) avant d'en "
            "attendre aucune",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
@pytest.mark.parametrize("where", ["premier", "dernier"])
async def test_une_erreur_remonte_a_l_appelant(student: Student, where: str) -> None:
    case = await observe(student, "erreur", where)
    assert case.failing is not None
    assert case.failing.error is not None
    raised = case.failing.error
    error = case.outcome.error
    if error is not None and any(leaf is raised for leaf in leaves(error)):
        return
    observed = (
        f"une autre exception : {describe_exception(error, student.tree)}"
        if error is not None
        else f"aucune exception (valeur renvoyée : {case.outcome.value!r})"
    )
    student.fail(
        "Un travail a échoué, mais son erreur n'est pas remontée jusqu'à l'appelant.",
        call=case.call,
        observed=observed,
        expected=f"l'exception {raised!r} levée par {case.failing.name}, telle quelle ou "
        "dans un ExceptionGroup",
        advice=SWALLOWED_ADVICE,
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E4", "E9")
@pytest.mark.parametrize("where", ["premier", "dernier"])
async def test_une_erreur_arrete_les_autres_travaux(student: Student, where: str) -> None:
    case = await observe(student, "erreur", where)
    show(student, case)
    assert case.failing is not None
    fail_if_left_running(
        student,
        case,
        advice="ni gather, ni asyncio.wait(..., timeout=…), ni des await l'un après l'autre "
        "n'arrêtent les autres tâches quand l'une échoue ; asyncio.TaskGroup, lui, annule les "
        "autres tâches et attend qu'elles soient arrêtées",
    )
    finished = case.jobs.names(State.DONE)
    if finished:
        student.fail(
            "Après l'échec d'un travail, les autres ont continué jusqu'au bout.",
            call=case.call,
            observed=f"{case.failing.name} a échoué après quelques ms, mais "
            f"{', '.join(finished)} ont tourné jusqu'à la fin (300 ms ou plus)",
            expected="les autres travaux annulés dès la première erreur",
            advice=KEPT_RUNNING_ADVICE,
            requirement="E4",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E5")
async def test_le_delai_depasse_leve_timeouterror(student: Student) -> None:
    for kind in ("delai", "echelonne"):
        check_timeout_error(student, await observe(student, kind))


def check_timeout_error(student: Student, case: Scenario) -> None:
    show(student, case)
    error = case.outcome.error
    if error is None or not any(isinstance(leaf, TimeoutError) for leaf in leaves(error)):
        observed = (
            f"une autre exception : {describe_exception(error, student.tree)}"
            if error is not None
            else f"aucune exception, après {french.decimal(case.elapsed, 2)} s (valeur "
            f"renvoyée : {case.outcome.value!r})"
        )
        quick = [j.name for j in case.jobs.jobs if j.delay <= case.delai]
        advice = (
            "entoure l'attente du groupe de async with asyncio.timeout(delai): … et ne "
            "rattrape pas le TimeoutError"
        )
        if error is None and case.kind == "echelonne":
            observed += (
                " ; chaque travail a fini moins d'un délai après le précédent, le dernier "
                f"au bout de {french.decimal(max(j.delay for j in case.jobs.jobs), 2)} s"
            )
            advice = (
                "un délai donné à chaque attente (asyncio.wait_for sur chaque tâche, l'une "
                "après l'autre) repart de zéro à chaque fois : il faut UN délai pour tout le "
                "groupe, async with asyncio.timeout(delai): autour du TaskGroup"
            )
        elif error is None and quick:
            observed += f" ; seul {quick[0]} avait fini avant l'échéance"
            advice = (
                "un travail déjà fini ne dispense pas du délai : s'il en reste un en cours à "
                "l'échéance, c'est TimeoutError ; async with asyncio.timeout(delai): autour du "
                "groupe"
            )
        student.fail(
            "Le délai a été dépassé sans que TimeoutError remonte.",
            call=case.call,
            observed=observed,
            expected=f"TimeoutError au bout de {french.decimal(case.delai, 3)} s environ",
            advice=advice,
        )
    bound = BOUND_FACTOR * case.delai
    label = f"11 durée avant TimeoutError / délai ({case.kind})"
    record(label, case.elapsed / case.delai, BOUND_FACTOR, "upper")
    if case.elapsed > bound:
        student.fail(
            "TimeoutError est arrivé bien après le délai.",
            call=case.call,
            observed=f"TimeoutError au bout de {french.decimal(case.elapsed, 3)} s",
            expected=f"au bout de {french.decimal(case.delai, 3)} s environ "
            f"(au plus {french.decimal(bound, 3)} s)",
            advice="un seul délai pour tout le groupe : asyncio.timeout(delai) autour de "
            "l'attente de toutes les tâches",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E6", "E9")
async def test_le_delai_depasse_arrete_tous_les_travaux(student: Student) -> None:
    case = await observe(student, "delai")
    show(student, case)
    fail_if_left_running(
        student,
        case,
        advice="un délai sur une seule tâche, ou asyncio.wait(..., timeout=…), n'arrête pas "
        "les autres ; asyncio.timeout(delai) autour d'un TaskGroup annule tout le groupe",
    )
    finished = [name for name in case.jobs.names(State.DONE) if name in too_long(case)]
    if finished:
        student.fail(
            "Des travaux ont continué jusqu'au bout malgré le délai dépassé.",
            call=case.call,
            observed=f"{', '.join(finished)} ont fini, au bout de 8 à 12 fois le délai",
            expected=f"tous les travaux annulés à l'échéance ({french.decimal(case.delai, 3)} s)",
            advice="async with asyncio.timeout(delai): autour du TaskGroup",
            requirement="E6",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E7", "E8")
@pytest.mark.parametrize("kind", ["succes", "erreur", "delai"])
async def test_nettoyer_dans_tous_les_cas(student: Student, kind: str) -> None:
    case = await observe(student, kind)
    show(student, case, cleanup=True)
    assert case.cleanup is not None
    situation = {
        "succes": "tous les travaux ont réussi",
        "erreur": "un travail a échoué",
        "delai": "le délai a été dépassé",
    }[kind]
    if case.cleanup.calls != 1:
        student.fail(
            f"nettoyer() doit être appelé exactement une fois, y compris quand {situation}.",
            call=case.call,
            observed=f"nettoyer() appelé {case.cleanup.calls} fois",
            expected="un appel à nettoyer(), quelle que soit l'issue",
            advice=cleanup_advice(case.cleanup.calls),
            requirement="E7",
        )
    running = case.cleanup.running_at_calls[0]
    later = [name for name in case.jobs.after_cleanup if name not in running]
    if running or later:
        student.fail(
            "nettoyer() a été appelé alors que des travaux tournaient encore.",
            call=case.call,
            observed="; ".join(
                [f"au moment de nettoyer(), en cours : {', '.join(running)}"] * bool(running)
                + [f"après nettoyer(), ont encore tourné : {', '.join(later)}"] * bool(later)
            ),
            expected="nettoyer() appelé quand plus aucun travail ne tourne",
            advice="nettoie dans un finally placé après (autour de) le TaskGroup : à la sortie "
            "du async with, toutes les tâches sont finies",
            requirement="E8",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E2", "E7")
async def test_une_liste_vide_de_travaux(student: Student) -> None:
    case = await observe(student, "vide")
    assert case.cleanup is not None
    if case.outcome.error is not None:
        student.fail(
            "Sans aucun travail, la fonction a levé une exception.",
            call=case.call,
            observed=describe_exception(case.outcome.error, student.tree),
            expected="[] : la liste des résultats d'aucun travail",
            advice="asyncio.wait lève ValueError sur un ensemble vide ; un TaskGroup sans "
            "tâche, lui, se termine tout de suite"
            if isinstance(case.outcome.error, ValueError)
            else None,
            requirement="E2",
        )
    value = case.outcome.value
    if not isinstance(value, list | tuple) or list(value):
        student.fail(
            "Sans aucun travail, la fonction doit renvoyer une liste vide.",
            call=case.call,
            observed=nothing_returned(value),
            expected="[]",
            advice=RETURN_ADVICE if value is None else None,
            requirement="E2",
        )
    if case.cleanup.calls != 1:
        student.fail(
            "nettoyer() doit être appelé exactement une fois, même sans aucun travail.",
            call=case.call,
            observed=f"nettoyer() appelé {case.cleanup.calls} fois, alors que l'appel a réussi "
            "(aucun travail, donc aucun échec)",
            expected="un appel à nettoyer(), y compris quand tous les travaux ont réussi",
            advice=CLEANUP_ADVICE,
            requirement="E7",
        )

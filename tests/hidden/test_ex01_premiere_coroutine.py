"""Exercice 01 — tests cachés (notés, jamais distribués aux élèves).

Noms, nombre d'invités et durées sont tirés au hasard à chaque exécution.

Ce qui est mesuré :
- chevauchement (sans horloge) : quand plusieurs salutations tournent
  ensemble, toutes les lignes « Bonjour » doivent précéder le premier « au
  revoir ». Une coroutine qui n'attend pas ou qui bloque (time.sleep,
  asyncio.sleep sans await) va d'un trait du « Bonjour » au « au revoir »,
  avant que la suivante commence. Le test lance lui-même `saluer` avec gather,
  puis `main` doit obtenir le même ordre ;
- boucle réactive : un battement toutes les 5 ms mesure le pire retard de la
  boucle pendant trois `saluer(nom, d)` lancés ensemble (gather), chaque d
  entre 80 et 120 ms. Borne : 0,4 × le plus petit d.
  Sous Linux, le temps passé à attendre un cœur libre (machine chargée) est
  retiré du retard (tests/support/loop_lag.py) : 200 manches du stress, cœurs
  saturés par 2 processus et deux autres notations, ont vu une fois 63 ms de
  retard brut pour une solution correcte. Mais le noyau (Linux 6.18 ici)
  compte de temps en temps le sommeil d'un thread comme une attente de cœur :
  avec un seul saluer, un time.sleep est ainsi passé inaperçu 2 fois en 200
  manches du stress (charge de 11 à 14), 4 à 7 fois en 1 000 seul (charge
  de 7). Avec trois, un saluer qui bloque bloque trois fois de suite dans un
  même tour de boucle, et il faudrait que les trois sommeils soient mal
  comptés.
  Médianes mesurées avec un seul saluer (retard / d, 9 mesures, Python 3.11
  et 3.13) : solution 0,003 à 0,004 au repos, 0,002 avec 2 cœurs occupés
  (pire mesure 0,04) ; time.sleep gardé 0,96 au repos comme chargé. Avec
  trois (tools/maintainer/margins.py, médianes de 5, charge de 12) :
  solution 0,004 ; le time.sleep gardé bloque la somme des trois, 3,3 à 3,4
  fois le plus petit d. Marges : borne/solution ≥ 100, fausse/borne ≥ 8 ;
- durée de `saluer(nom, d)`, d entre 60 et 100 ms : entre d/4 et 4 × d.
  Médianes mesurées (durée / d, 9 mesures, 3.11 et 3.13) : solution 1,01 au
  repos, 1,00 avec 2 cœurs occupés (pire 1,07) ; asyncio.sleep sans await
  0,00 (pire 0,10) ; « recopie le cours », attente d'une seconde : 11 à 13
  (au moins 10 × d). Marges : solution/borne basse 4, borne haute/solution 4,
  fausse/borne haute ≥ 2,5. La borne basse laisse aussi de la place aux
  horloges grossières (Windows avant Python 3.13 : 15,6 ms). Le test
  n'attend pas au-delà de la borne haute : un `saluer` pas encore terminé à
  4 × d est jugé là (0,4 s au plus au lieu de la seconde de « recopie le
  cours »). Pour un saluer qui n'a jamais rendu la main à la boucle (il a
  tourné seul dans son thread du premier au dernier mot), la durée jugée est
  sans l'attente d'un cœur libre : sous une charge de 18 (stress du 6
  décembre), un saluer qui n'attend pas du tout avait une fois passé la borne
  basse. Celui qui rend la main est jugé à l'horloge murale ;
- `main` est appelée dans un thread à part (elle crée sa propre boucle avec
  asyncio.run) et doit se terminer en 5 s. Pendant l'appel, la fonction
  `saluer` du module est enveloppée pour noter la boucle où tourne chaque
  salutation : un asyncio.run par invité se voit à ses boucles différentes
  (E5, E7), et une boucle encore ouverte au retour de main à is_closed() (E7) ;
  elle note aussi quand chaque salutation commence et finit, ce que dessine
  la chronologie d'un échec (Greetings, tests/support/premiere_coroutine.py) ;
- E4, l'ordre des noms : les durées sont tirées de la plus longue à la plus
  courte, 10 ms au moins entre deux, si bien que l'ordre de fin est toujours
  l'inverse de celui du dictionnaire (as_completed est toujours pris) ;
- E6, 40 invités (plus que les 32 threads au plus du pool par défaut) : le
  dernier attend 10 à 20 ms, tous les autres 100 à 150 ms. Structurel : son
  « au revoir » doit être le premier. Une réponse qui attend avec
  asyncio.to_thread(time.sleep, …) laisse ce dernier invité dans la file du
  pool, une réponse qui bloque le fait passer en dernier. Dès qu'une autre
  salutation finit la première (sans avoir bloqué la boucle : E2 le dit après
  un tour complet), le test arrête main (il annule les tâches de sa boucle) :
  le verdict est connu. Si les lignes affichées disent pourtant l'inverse (un
  « au revoir » affiché bien avant la fin de saluer), main tourne une
  seconde fois jusqu'au bout et c'est ce tour-là qui décide. En plus, la
  durée de main (thread compris, le temps passé par ce thread à attendre un
  processeur déduit, comme pour C1) est bornée à 3 fois la plus longue attente.
  Mesuré (19 mesures, solution et les trois réponses justes, Python 3.13,
  charge de 9 sur 2 cœurs) : 1,03 à 1,25 fois la plus longue attente ;
  séquentiel ≥ 26 fois. Marges : borne/solution ≥ 2,4, fausse/borne ≥ 8 ;
- E8, dictionnaire vide : [] renvoyé, sans exception (asyncio.wait refuse
  un ensemble vide).

Règles du cours (manifest.toml, `common`) : aucune. C1 (boucle jamais
bloquée) et C4 (aucune coroutine oubliée) s'appliquent, mais les tests de E2
et de E1 les vérifient déjà, plus strictement (un blocage de 0,4 × d au plus,
soit 32 à 48 ms, contre 0,3 s) et avec un conseil qui nomme l'erreur
(time.sleep, asyncio.sleep sans await) ; mesurées autour de chaque appel,
elles ajouteraient leurs ramasse-miettes (40 à 300 ms sur une machine
chargée) dans le retard de boucle et la durée que ces tests mesurent. C2 et
C3 ne disent rien ici : saluer ne crée aucune tâche, et main appelle
asyncio.run, qui annule et attend ce qui resterait.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import NoReturn

import pytest

from tests.support.clock import perf_counter
from tests.support.collector import no_garbage_collection
from tests.support.loop_lag import LagMonitor
from tests.support.measures import record
from tests.support.never_awaited import record_never_awaited
from tests.support.premiere_coroutine import (
    BYE,
    HELLO,
    Duration,
    Greetings,
    check_main_is_plain,
    check_not_a_coroutine,
    check_nothing_left_unawaited,
    describe_events,
    describe_gather,
    describe_saluer,
    first_overlap_problem,
    greet_together,
    greeting_events,
    loop_kept_free,
    one_greeting,
    run_main,
    run_sync,
)
from tests.support.student import Student, describe_exception
from tools.common import french
from tools.common.thread_clock import ThreadClock

NAMES = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Guido", "Hedy", "Katherine", "Linus",
         "Margaret", "Niklaus", "Radia"]  # fmt: skip
MAX_LAG_RATIO = 0.4
GUESTS_FOR_LAG = 3
MIN_DURATION_RATIO = 0.25
MAX_DURATION_RATIO = 4.0
MANY_GUESTS = 40  # more than any default thread pool (32 threads at most)
SHORT_MS = (10, 21)  # the last guest's wait
LONG_MS = (100, 151)  # everyone else's: at least 80 ms more
MAX_MAIN_RATIO = 3.0
MANY_LIMIT = 10  # a sequential main takes the sum, at most 39 × 0,15 s: let it end


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


def invites(
    rng: random.Random, count: int, low_ms: int, high_ms: int, *, longest_first: bool = False
) -> dict[str, float]:
    """`count` names, each with its own duration, in random order (or from
    the longest to the shortest: the greetings end in the reverse order)."""
    names = rng.sample(NAMES, count)
    # Longest first: at least 10 ms between two of them, so that the order in
    # which they end never depends on the machine.
    grid = range(low_ms, high_ms + 1, 10 if longest_first else 1)
    durations = [ms / 1000 for ms in rng.sample(grid, count)]
    if longest_first:
        durations.sort(reverse=True)
    return dict(zip(names, durations, strict=True))


# -- saluer -----------------------------------------------------------------


@pytest.mark.exigence("E2")
@pytest.mark.asyncio
async def test_plusieurs_salutations_se_chevauchent(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    greetings = Greetings()
    saluer = greetings.timed(student.function("saluer"))
    guests = invites(rng, rng.randrange(2, 5), 20, 50)
    call = describe_gather(guests)
    capsys.readouterr()
    await student.call(greet_together(saluer, guests), call=call, limit=5)
    student.show(greetings.all_at_once(student.started, guests))
    events = greeting_events(capsys.readouterr().out, list(guests))
    problem = first_overlap_problem(events, list(guests))
    if problem:
        student.fail(
            "Les salutations lancées ensemble ne se sont pas déroulées en même temps.",
            call=call,
            observed=f"{problem}\n             affiché : {describe_events(events)}",
            expected="tous les « Bonjour ... » d'abord, puis les « ...au revoir ... ! »",
            advice="pendant l'attente, saluer doit rendre la main à la boucle : "
            "await asyncio.sleep(duree), sans oublier le await, et non time.sleep(duree)",
        )


@pytest.mark.exigence("E2")
@pytest.mark.asyncio
async def test_la_boucle_reste_reactive_pendant_saluer(
    student: Student, rng: random.Random
) -> None:
    greetings = Greetings()  # notes whether saluer gave the loop a turn before blocking it
    saluer = greetings.timed(student.function("saluer"))
    # Three greetings at once: a saluer that blocks does it three times in a
    # row, so that one sleep the kernel miscounts as waiting for a CPU (see
    # the module's docstring) does not hide the block.
    guests = invites(rng, GUESTS_FOR_LAG, 80, 120)
    duree = min(guests.values())
    call = describe_gather(guests)
    # No garbage collection while the loop is watched: a pass of the
    # collector, in the loop's thread or in the harness's watchdog (the loop
    # then waits for the GIL), is not the answer's lateness.
    with no_garbage_collection():
        async with LagMonitor() as monitor:
            await student.call(greet_together(saluer, guests), call=call, limit=5)
            ended = perf_counter()
    student.show(loop_kept_free(call, student.started, ended, max(guests.values()), monitor.stalls))
    record("01 retard de boucle / d", monitor.worst / duree, MAX_LAG_RATIO, "upper")
    if monitor.worst > MAX_LAG_RATIO * duree:
        student.fail(
            "La boucle d'événements est restée bloquée pendant l'attente.",
            call=call,
            observed="la boucle n'a rien pu faire pendant "
            f"{french.decimal(monitor.worst * 1000, 0)} ms",
            expected="une boucle libre pendant les attentes "
            f"(blocage d'au plus {french.decimal(MAX_LAG_RATIO * duree * 1000, 0)} ms toléré, "
            f"{french.decimal(MAX_LAG_RATIO, 1)} fois la plus courte attente)",
            advice="saluer rend bien la main au début, puis bloque quand même la boucle : un "
            "await placé avant time.sleep(duree) (comme await asyncio.sleep(0)) n'y change "
            "rien, time.sleep endort tout le programme ; attends avec await asyncio.sleep(duree)"
            if any(not g.held_the_loop for g in greetings.calls)
            else "time.sleep endort tout le programme ; await asyncio.sleep(duree) "
            "laisse la boucle faire avancer les autres coroutines",
        )


@pytest.mark.exigence("E1")
@pytest.mark.asyncio
async def test_saluer_affiche_attend_et_renvoie_le_nom(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    greetings = Greetings()  # notes whether saluer gave the loop a turn
    saluer = greetings.timed(student.function("saluer"))
    nom, duree = rng.choice(NAMES), rng.randrange(60, 101) / 1000
    call = describe_saluer(nom, duree)
    capsys.readouterr()
    clock = ThreadClock().start()  # this thread's, the loop's
    with record_never_awaited() as forgotten, contextlib.closing(clock):
        start, queued_before = perf_counter(), clock.now()
        greeting = asyncio.ensure_future(student.call(saluer(nom, duree), call=call, limit=5))
        # Past the upper bound the verdict is known: no need to wait for the
        # end of a saluer that always sleeps a second, say.
        await asyncio.wait({greeting}, timeout=MAX_DURATION_RATIO * duree)
        end = perf_counter()
        elapsed = end - start
        queued = clock.waited(start, end, clock.now() - queued_before)
        if not greeting.done():
            greeting.cancel()
            await asyncio.wait({greeting}, timeout=1)
            if greeting.done() and not greeting.cancelled():
                # student.call reports the cancellation as the call's own
                # exception: retrieved here, so that asyncio does not print it.
                greeting.exception()
            # Nothing recorded for the stress's margins: `elapsed` is the
            # test's own patience here, not how long the answer takes.
            too_long(student, call, duree, f"toujours pas de « au revoir » après "
                     f"{french.decimal(elapsed, 2)} s")  # fmt: skip
        result = greeting.result()
    student.show(one_greeting(call, elapsed, duree))
    events = greeting_events(capsys.readouterr().out, [nom])
    expected_lines = f"« {HELLO.format(nom=nom)} » puis « {BYE.format(nom=nom)} »"
    if events != [("bonjour", nom), ("au revoir", nom)]:
        student.fail(
            "saluer n'affiche pas les deux lignes attendues.",
            call=call,
            observed=describe_events(events),
            expected=expected_lines,
        )
    if result != nom:
        student.fail(
            "saluer ne renvoie pas le nom.",
            call=call,
            observed=repr(result),
            expected=repr(nom),
        )
    # A saluer that never gave the loop a turn ran alone in this thread from
    # its first line to its last: the time the thread then waited for a CPU
    # is the machine's load, not a wait. Counted, it made a saluer that does
    # not wait at all pass the lower bound under a load of 18 (stress). One
    # that gave the loop turns is judged on the wall clock: its wait runs
    # alongside the loop's other work, whose own waits for a CPU overlap it.
    held = any(g.held_the_loop for g in greetings.calls)
    own = elapsed - queued if held else elapsed
    record("01 durée de saluer / d (borne basse)", own / duree, MIN_DURATION_RATIO, "lower")
    if own < MIN_DURATION_RATIO * duree:
        advice = "écris await asyncio.sleep(duree) : c'est le await qui fait attendre"
        if "sleep" in forgotten:
            advice = (
                "asyncio.sleep(duree) sans await crée une coroutine qui ne fait rien (Python "
                "signale « coroutine 'sleep' was never awaited ») ; "
                "écris await asyncio.sleep(duree)"
            )
        student.fail(
            "saluer n'attend pas la durée demandée.",
            call=call,
            observed=f"« au revoir » affiché après {french.decimal(own * 1000, 0)} ms",
            expected=f"une attente de {french.decimal(duree * 1000, 0)} ms entre les deux lignes",
            advice=advice,
        )
    record("01 durée de saluer / d (borne haute)", own / duree, MAX_DURATION_RATIO, "upper")
    if own > MAX_DURATION_RATIO * duree:
        too_long(student, call, duree, f"{french.decimal(own, 2)} s entre les deux lignes")


def too_long(student: Student, call: str, duree: float, observed: str) -> NoReturn:
    student.fail(
        "saluer attend beaucoup plus longtemps que la durée demandée.",
        call=call,
        observed=observed,
        expected=f"environ {french.number(duree)} s "
        f"(au plus {french.decimal(MAX_DURATION_RATIO * duree, 2)} s)",
        advice="attends la durée reçue en paramètre : await asyncio.sleep(duree)",
    )


# -- main -------------------------------------------------------------------


@pytest.mark.exigence("E4", "E5")
def test_main_salue_chacun_et_renvoie_les_noms(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    guests = invites(rng, rng.randrange(3, 6), 20, 60, longest_first=True)
    # run_main fails here on names out of the dictionary's order (E4).
    _, events, call = run_main(student, capsys, guests)
    for nom in guests:
        for kind, form in (("bonjour", HELLO), ("au revoir", BYE)):
            if events.count((kind, nom)) != 1:
                student.fail(
                    "Chaque invité doit être salué exactement une fois.",
                    call=call,
                    observed=f"« {form.format(nom=nom)} » affiché "
                    f"{events.count((kind, nom))} fois\n             "
                    f"affiché : {describe_events(events)}",
                    expected="pour chaque invité, une ligne « Bonjour » et une ligne « au revoir »",
                    requirement="E5",
                )


@pytest.mark.exigence("E5")
def test_main_salue_tout_le_monde_en_meme_temps(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    guests = invites(rng, rng.randrange(3, 6), 20, 60)
    loops: list[asyncio.AbstractEventLoop] = []
    greetings = Greetings()
    _, events, call = run_main(student, capsys, guests, loops=loops, greetings=greetings)
    student.show(greetings.all_at_once(student.started, guests))
    problem = first_overlap_problem(events, list(guests))
    if problem:
        observed = f"{problem}\n             affiché : {describe_events(events)}"
        # run_main already failed on several loops, and on a greeting that held the loop.
        advice = (
            "une seule boucle (un seul asyncio.run) qui fait tourner toutes les "
            "salutations avec gather, et dans saluer await asyncio.sleep(duree) "
            "plutôt que time.sleep(duree)"
        )
        student.fail(
            "Les invités n'ont pas été salués en même temps.",
            call=call,
            observed=observed,
            expected="tous les « Bonjour ... » d'abord, puis les « ...au revoir ... ! »",
            advice=advice,
        )


def first_goodbye(events: list[tuple[str, str]]) -> str | None:
    return next((name for kind, name in events if kind == "au revoir"), None)


def goodbyes_seen(byes: list[str], guests: dict[str, float], quickest: str) -> str:
    """Where the quickest guest's goodbye came, for a failure message."""

    def line(name: str) -> str:
        return f"« {BYE.format(nom=name)} » ({french.decimal(guests[name], 2)} s d'attente)"

    if quickest in byes:
        return (
            f"{line(quickest)} affiché après {byes.index(quickest)} autre(s) « au revoir » "
            f"(attentes de {french.decimal(LONG_MS[0] / 1000, 2)} s et plus)"
        )
    if byes:
        return f"{line(byes[0])} affiché avant {line(quickest)}"
    return "aucun « au revoir » affiché"


@pytest.mark.exigence("E6")
def test_main_chacun_attend_sa_propre_duree(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    # More guests than any default thread pool has threads (32 at most): the
    # last one, the quickest, must still say goodbye first.
    names = [f"{rng.choice(NAMES)}-{i}" for i in range(MANY_GUESTS)]
    guests = {n: rng.randrange(*LONG_MS) / 1000 for n in names[:-1]}
    quickest = names[-1]
    guests[quickest] = rng.randrange(*SHORT_MS) / 1000
    # Main stops as soon as a greeting other than the quickest ends first.
    greetings, duration = Greetings(first_to_end=quickest), Duration()
    _, events, call = run_main(
        student, capsys, guests, greetings=greetings, limit=MANY_LIMIT, duration=duration
    )
    if greetings.stopped and first_goodbye(events) == quickest:
        # The lines printed do not follow the ends of the greetings: a whole run decides.
        greetings = Greetings()
        _, events, call = run_main(
            student, capsys, guests, greetings=greetings, limit=MANY_LIMIT, duration=duration
        )
    # main's own time: what its thread spent waiting for a CPU is the
    # machine's load, not the student's code (as for C1, tests/support/loop_lag.py).
    elapsed = duration.own
    # The quickest guest on a row of its own: its bar should be the shortest.
    student.show(greetings.all_at_once(student.started, guests, apart=quickest))
    last = french.number(guests[quickest])
    call = f"main(<{len(guests)} invités, {quickest!r} en dernier avec {last} s>)"
    byes = [name for kind, name in events if kind == "au revoir"]
    if byes[:1] != [quickest]:
        hellos_first = all(kind == "bonjour" for kind, _ in events[: len(guests)])
        student.fail(
            "Les invités n'ont pas tous attendu en même temps.",
            call=call,
            observed=goodbyes_seen(byes, guests, quickest)
            + (" ; le test a arrêté main à ce moment-là" if greetings.stopped else ""),
            expected=f"« {BYE.format(nom=quickest)} » en premier : chacun dit « au revoir » "
            "après sa propre attente, toutes les attentes ayant lieu en même temps",
            advice="les « Bonjour » sont bien tous sortis d'abord, mais les attentes passent par "
            "paquets ou l'une après l'autre : un groupe de threads (asyncio.to_thread, "
            "run_in_executor) n'a que quelques threads, et time.sleep bloque tout ; "
            "await asyncio.sleep(duree) attend sans rien occuper"
            if hellos_first
            else "les salutations ne commencent pas toutes ensemble : un await par invité (dans "
            "une boucle for, ou sous un sémaphore) attend la fin des unes avant de lancer les "
            "autres ; lance-les toutes d'un coup avec asyncio.gather(...), et attends dans saluer "
            "avec await asyncio.sleep(duree)",
        )
    longest = max(guests.values())
    record("01 durée de main / plus longue attente", elapsed / longest, MAX_MAIN_RATIO, "upper")
    if elapsed > MAX_MAIN_RATIO * longest:
        student.fail(
            "main dure bien plus longtemps que la plus longue attente.",
            call=call,
            observed=f"{french.decimal(elapsed, 2)} s pour {len(guests)} invités"
            + (
                f" (et {french.decimal(duration.queued, 2)} s de plus où la machine, trop "
                "occupée, ne l'a pas fait tourner : pas comptées)"
                if duration.queued >= 0.01
                else ""
            ),
            expected=f"à peu près la plus longue attente, {french.decimal(longest, 2)} s (au plus "
            f"{french.decimal(MAX_MAIN_RATIO * longest, 2)} s), pas la somme des attentes",
            advice="rien d'autre à attendre dans main que asyncio.run(saluer_tout_le_monde("
            "invites)) : les attentes ont lieu en même temps",
        )


@pytest.mark.exigence("E7")
def test_main_une_seule_boucle_fermee_au_retour(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    guests = invites(rng, rng.randrange(2, 5), 20, 40)
    loops: list[asyncio.AbstractEventLoop] = []
    greetings = Greetings()
    # run_main fails here on several loops (one row per loop in its timeline).
    run_main(student, capsys, guests, loops=loops, greetings=greetings)
    student.show(greetings.all_at_once(student.started, guests))
    open_loops = [loop for loop in loops if not loop.is_closed()]
    if open_loops:
        for loop in {id(loop): loop for loop in open_loops}.values():
            loop.close()  # the student's: closed here so that it warns no more
        student.fail(
            "La boucle d'événements créée par main n'est pas fermée quand main rend la main.",
            call=f"main({guests!r})",
            observed="la boucle où ont tourné les salutations est encore ouverte au retour "
            "(Python finit par avertir « unclosed event loop »)",
            expected="une boucle fermée au retour de main",
            advice="asyncio.run(coroutine) crée la boucle, fait tourner la coroutine et ferme "
            "la boucle ; avec asyncio.new_event_loop(), il faut appeler boucle.close() "
            "soi-même (dans un finally)",
        )


@pytest.mark.exigence("E8")
def test_main_sans_invite(student: Student, capsys: pytest.CaptureFixture[str]) -> None:
    main = student.function("main", is_async=False)
    call = "main({})"
    check_main_is_plain(student, main, call)
    capsys.readouterr()
    with record_never_awaited() as forgotten:
        outcome = run_sync(student, main, {}, call=call, limit=5)
    events = greeting_events(capsys.readouterr().out, NAMES)
    if outcome.error is not None:
        student.fail(
            "Sans invité, main lève une exception au lieu de renvoyer une liste vide.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="[]",
            advice="asyncio.wait refuse un ensemble vide (ValueError) : traite le dictionnaire "
            "vide à part, ou garde asyncio.gather, qui renvoie [] sans rien attendre",
        )
    value = outcome.value
    check_not_a_coroutine(student, value, events, {}, call)
    check_nothing_left_unawaited(student, forgotten, call)
    if not isinstance(value, list | tuple) or list(value) != [] or events:
        student.fail(
            "Sans invité, main ne doit saluer personne et renvoyer une liste vide.",
            call=call,
            observed=f"renvoyé : {value!r}, affiché : {describe_events(events)}",
            expected="[] renvoyé, aucune salutation affichée",
        )


@pytest.mark.exigence("E3")
def test_main_fait_tourner_les_salutations(
    student: Student, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    guests = invites(rng, rng.randrange(2, 5), 20, 40)
    greetings = Greetings()
    # run_main fails here on a main defined with async def, or returning a coroutine.
    _, events, call = run_main(student, capsys, guests, greetings=greetings)
    # A greeting cut short when main returned ends there, well before its wait.
    student.show(greetings.all_at_once(student.started, guests))
    silent = [n for n in guests if ("au revoir", n) not in events]
    if silent:
        student.fail(
            "main rend la main sans avoir salué tout le monde.",
            call=call,
            observed=f"pas de « {BYE.format(nom=silent[0])} » ; affiché : "
            f"{describe_events(events)}",
            expected="chaque salutation affichée jusqu'au bout avant que main rende la main",
            advice="main doit faire tourner les salutations elle-même, jusqu'au bout : "
            "asyncio.run(saluer_tout_le_monde(invites))",
        )

"""Exercice 09 — tests cachés (notés, jamais distribués aux élèves).

Chaque appel reçoit une source dont les éléments (noms, résultats, délais et
nombre de travailleurs tirés au hasard) arrivent par vagues : une première
rafale de plus de nb_travailleurs éléments d'un coup, une pause de 80 ms (plus
longue que le traitement de la rafale, au plus 2 × 20 ms), puis un goutte-à-goutte.
Un travailleur qui s'arrête quand la file est vide perd donc des éléments.

Tout est mesuré sur la structure, jamais sur la durée :
- le faux `traiter` enregistre chaque appel (début, fin, annulation, tâche qui
  l'exécute) et compte les appels en cours ; une réponse juste atteint
  exactement nb_travailleurs appels simultanés pendant la première rafale ;
- les tâches encore en cours sont relevées à l'instant même où traiter_tout
  rend la main, avant que la boucle ne tourne à nouveau (un travailleur annulé
  mais pas attendu y figure encore) ;
- un appel qui ne rend plus la main est repéré sans attendre la limite : plus
  aucun appel en cours ni élément attendu depuis 0,25 s (GRACE), puis encore
  50 tours de boucle sans rien de neuf ; une réponse juste n'a besoin que de
  6 tours entre son dernier task_done() et son retour, donc la décision ne
  dépend pas de la vitesse de la machine.

Mesures (médiane de 3 × 20 appels ; 2 cœurs libres / 2 cœurs occupés par
deux boucles infinies) :
- plus longue inactivité de la solution pendant un appel : 0,08-0,15 ms /
  0,13-0,15 ms (pire cas 5,4 ms / 5,3 ms), contre 250 ms pour GRACE, soit
  plus de 45 fois le pire cas (une réponse juste qui attend la file par
  tranches de 50 ms avec wait_for reste 5 fois en dessous) ;
- code de départ déclaré bloqué au bout de 0,70 s / 0,71 s par appel avec
  0,5 s de GRACE, 0,36-0,41 s avec 0,25 s (sous une charge de 3) ;
- durée d'un appel de la solution : 0,12 s / 0,12 s (pire cas 0,15 s /
  0,47 s) ; la limite de 5 s (LIMIT), qui n'attrape que le code qui tourne
  sans fin, vaut plus de 10 fois le pire cas ;
- tous les tests de l'exercice sur la solution : 1,1 s.
Aucune borne ne porte sur la durée d'un appel réussi.

Comportement attendu quand `traiter` lève une exception pour un élément : la
fonction se termine normalement et l'exception elle-même est le résultat de
cet élément (aucun nouvel essai), les autres éléments étant traités.

Promesses (manifest.toml) et bords atteints à chaque exécution :
- E1 : une source vide ({}) puis une source avec 0 et "" parmi les éléments ;
- E2 : 0 et "" parmi les éléments (une sentinelle testée par sa vérité les
  perd), sans longue pause (un test : un élément traité deux fois ou perdu
  s'y voit en 0,1 s) puis, dans un second test, avec dans le goutte-à-goutte
  une pause de 1,2 s (LONG_PAUSE) : un
  travailleur qui abandonne après moins de 1,2 s de file vide perd des
  éléments (au-delà, il n'est pas vu). La pause s'arrête dès que toutes
  les tâches qui ont exécuté traiter sont finies (Source,
  tests/support/work_queue.py) : la suite ne peut qu'être perdue, et le
  verdict vient quand le dernier travailleur abandonne, pas 1,2 s après le
  début de la pause ; les travailleurs d'une bonne réponse attendent dans la
  file, et la pause dure toute sa longueur ;
- E3 : le premier appel de traiter commence avant que la source soit
  épuisée (structurel : la rafale est dans la file avant la pause de 80 ms) ;
- E4 : pic d'appels simultanés ;
- E5 : les travailleurs sont comptés par les tâches qui font le travail,
  jamais par le code : un appel de traiter appartient à la tâche qui l'exécute,
  sauf si cette tâche n'exécute que traiter (asyncio.shield, ou wait_for avec
  un délai sous 3.11) : il appartient alors à la tâche qui a pris l'élément
  dans une asyncio.Queue (sa méthode get_nowait est observée pendant l'appel).
  Si celle-là aussi n'est qu'une aide (wait_for autour de file.get() sous
  3.11), on ne peut pas savoir : E5 n'est pas jugée. Une tâche par élément,
  même limitée par un sémaphore, en montre autant que d'éléments ;
- E6 : le premier et le dernier élément échouent toujours ; et aucun
  travailleur ne doit finir sur l'exception (même règle d'attribution) ;
- E7 : un appel qui ne rend plus la main (voir plus haut) ;
- E8 : les tâches encore en cours à l'instant du retour.

Règles du cours : C4 seulement (des résultats qui sont des coroutines : le
contrôle des résultats le dit, avec l'endroit du await oublié). C2 est ici
l'exigence E8, vérifiée à l'instant même du retour (plus précise : un
travailleur annulé mais pas attendu y figure), et le code qui lance
l'appel annule lui-même ce qui reste, si bien que C2 mesurée autour de
l'appel ne verrait rien. C3 est couverte par E6 (un travailleur mort sur
l'exception) : les tâches qui ont exécuté traiter sont gardées par le faux
traiter, donc le ramasse-miettes ne signalerait pas leur erreur pendant
l'appel. C1 n'est pas listée : une réponse qui bloque la boucle ne
finit pas, et le garde-fou des appels bloqués le dit mieux.

Durée : tous les tests de l'exercice sur la solution, 2,9 s (dont la pause
de 1,2 s) ; aucune nouvelle borne de temps sur un appel réussi.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.support.student import Student, describe_exception
from tests.support.work_queue import (
    Scenario,
    as_dict,
    call_watched,
    check_each_processed_once,
    check_no_coroutine,
    check_nothing_left,
    check_results,
    finished_call,
    scenario,
    too_few_at_once_advice,
)

PAUSE = 0.080
# A second pause, in the trickle, longer than the waits a worker could give
# up after ("la file peut être vide un instant") in the test of E2.
LONG_PAUSE = 1.2
DELAYS = (0.005, 0.020)
# Elements that are false (0, "") but not None: the statement allows them.
FALSY = (0, "")


def random_case(
    rng: random.Random,
    *,
    workers: int | None = None,
    errors: bool = False,
    falsy: bool = False,
    long_pause: bool = False,
) -> Scenario:
    """A burst of more than `workers` elements, PAUSE, then a trickle.
    `errors`: traiter fails for the first and the last element; `falsy`: 0
    and "" are among the elements; `long_pause`: one LONG_PAUSE in the
    trickle."""
    workers = workers or rng.randint(2, 5)
    burst = workers + rng.randint(1, workers)
    count = burst + rng.randint(workers, 3 * workers)
    names: list[Any] = [f"colis-{n:08x}" for n in rng.sample(range(16**8), count)]
    if falsy:
        for value, where in zip(FALSY, rng.sample(range(1, count), 2), strict=True):
            names[where] = value
    gaps = [0.0] * burst + [PAUSE]
    gaps += [rng.choice((0.0, rng.uniform(0.002, 0.010))) for _ in range(count - burst - 1)]
    if long_pause:
        gaps[rng.randrange(burst + 1, count)] = LONG_PAUSE
    answers = {name: f"livré-{rng.getrandbits(40):010x}" for name in names}
    delays = {name: rng.uniform(*DELAYS) for name in names}
    failing = frozenset((names[0], names[-1])) if errors else frozenset()
    return scenario(list(zip(names, gaps, strict=True)), answers, delays, workers, failing)


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


@pytest.mark.asyncio
@pytest.mark.exigence("E2")
@pytest.mark.parametrize("long_pause", [False, True], ids=["sans_pause", "longue_pause"])
async def test_chaque_element_traite_une_seule_fois(
    student: Student, rng: random.Random, long_pause: bool
) -> None:
    # Two cases, two tests: an element processed twice or lost is seen in
    # 0,1 s without the long pause, which only a worker giving up needs, so
    # the grading's order (tests/hidden/ordre.py) can try that one first.
    case = random_case(rng, falsy=True, long_pause=long_pause)
    await finished_call(student, case)
    check_each_processed_once(student, case)


@pytest.mark.asyncio
@pytest.mark.exigence("E1", "E7")
async def test_renvoie_le_resultat_de_chaque_element(student: Student, rng: random.Random) -> None:
    empty = scenario([], {}, {}, rng.randint(1, 5))
    done = await finished_call(student, empty)
    if as_dict(student, empty, done.value) != {}:
        student.fail(
            "Une source vide doit donner un dictionnaire vide.",
            call=empty.call,
            observed=f"{done.value!r:.200}",
            expected="{}",
            requirement="E1",
        )
    case = random_case(rng, falsy=True)
    done = await finished_call(student, case)
    results = as_dict(student, case, done.value)
    check_no_coroutine(student, case, results)
    check_results(student, case, results)


@pytest.mark.asyncio
@pytest.mark.exigence("E4")
async def test_exactement_nb_travailleurs_en_meme_temps(
    student: Student, rng: random.Random
) -> None:
    case = random_case(rng)
    await finished_call(student, case)
    student.show(case.shared_between_workers(student.started))
    peak = case.processor.in_flight.peak
    if peak == case.workers:
        return
    tasks = len(case.processor.runners)
    if peak < case.workers:
        advice = too_few_at_once_advice(case)
    else:
        advice = (
            "seuls les travailleurs appellent traiter, un élément à la fois chacun : ne "
            "lance pas un traitement par élément"
        )
    student.fail(
        "Le nombre de traitements simultanés ne correspond pas à nb_travailleurs.",
        call=case.call,
        observed=f"au plus {peak} traitement(s) en même temps, exécutés par {tasks} tâche(s)",
        expected=f"exactement {case.workers} traitements en même temps quand plus de "
        f"{case.workers} éléments attendent dans la file (nb_travailleurs={case.workers})",
        advice=advice,
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E5")
async def test_exactement_nb_travailleurs_prennent_les_elements(
    student: Student, rng: random.Random
) -> None:
    case = random_case(rng)
    await finished_call(student, case)
    student.show(case.shared_between_workers(student.started))
    workers = case.workers_seen()
    if workers is None or len(workers) == case.workers:
        return
    seen = len(workers)
    per_element = len(case.processor.started)
    if seen > case.workers:
        problem = "Il y a plus de travailleurs que nb_travailleurs."
        observed = f"{seen} tâches différentes ont traité les {per_element} éléments" + (
            " : une tâche par élément" if seen >= per_element else ""
        )
        advice = (
            f"démarre exactement nb_travailleurs (ici {case.workers}) tâches au début, chacune "
            "avec une boucle : prendre l'élément suivant dans la file (await file.get()), le "
            "traiter, recommencer ; ne crée pas une tâche par élément, même limitée par un "
            "sémaphore"
        )
    else:
        problem = "Il y a moins de travailleurs que nb_travailleurs."
        observed = (
            f"{seen} tâche(s) seulement ont traité les {per_element} éléments, au plus "
            f"{case.processor.in_flight.peak} traitement(s) en même temps"
        )
        advice = (
            f"démarre nb_travailleurs travailleurs (ici {case.workers}), des tâches "
            "différentes : `[asyncio.create_task(travailleur())] * n` répète la même tâche ; "
            "écris `[asyncio.create_task(travailleur()) for _ in range(n)]`"
        )
    student.fail(
        problem,
        call=case.call,
        observed=observed,
        expected=f"exactement {case.workers} tâches travailleurs (nb_travailleurs), qui se "
        "partagent les éléments de la file",
        advice=advice,
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
async def test_le_traitement_commence_pendant_l_arrivee(
    student: Student, rng: random.Random
) -> None:
    case = random_case(rng)
    await finished_call(student, case)
    student.show(case.shared_between_workers(student.started))
    arrived = case.processor.delivered_at_start
    if arrived and arrived[0] < len(case.elements):
        return
    student.fail(
        "Le traitement n'a commencé qu'une fois la source épuisée.",
        call=case.call,
        observed=f"premier appel à traiter après l'arrivée des {len(case.elements)} éléments"
        if arrived
        else "aucun appel à traiter",
        expected="les premiers éléments traités pendant que les suivants arrivent encore "
        "(la source fait une pause après sa première rafale)",
        advice="démarre les travailleurs avant de lire la source : chaque élément mis dans "
        "la file est pris par un travailleur libre pendant que la boucle async for attend "
        "le suivant",
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E8")
async def test_aucune_tache_laissee_en_cours(student: Student, rng: random.Random) -> None:
    case = random_case(rng)
    done = await finished_call(student, case)
    student.show(case.shared_between_workers(student.started))
    check_nothing_left(student, case, done)


@pytest.mark.asyncio
@pytest.mark.exigence("E6", "E7")
async def test_une_erreur_devient_un_resultat(student: Student, rng: random.Random) -> None:
    case = random_case(rng, workers=rng.randint(1, 3), errors=True)
    failing = sorted(case.processor.failing)
    call = case.call + f", traiter lève ErreurDeTraitement pour {len(failing)} élément(s)"
    outcome = await call_watched(student, case)
    if outcome.error is not None:
        student.fail(
            "Une erreur de traiter a fait échouer tout l'appel.",
            call=call,
            observed=describe_exception(outcome.error, student.tree),
            expected="traiter_tout se termine normalement ; l'exception est le résultat "
            "de l'élément qui a échoué",
            advice="dans le travailleur, entoure await traiter(element) d'un try/except "
            "Exception as erreur, et range erreur comme résultat",
            requirement="E6",
        )
    results = as_dict(student, case, outcome.value.value)
    check_each_processed_once(student, case)
    for element in failing:
        raised = case.processor.raised[element]
        got = results.get(element, raised.args)  # never equal to the error
        if got is raised or (type(got) is type(raised) and str(got) == str(raised)):
            continue
        dead = case.processor.dead_runners()
        observed = (
            f"résultat de {element!r} : {got!r:.200}"
            if element in results
            else f"aucun résultat pour {element!r}"
            + (f" ; {len(dead)} travailleur(s) arrêté(s) par l'exception" if dead else "")
        )
        if element in results and isinstance(got, str) and str(raised) in got:
            advice = (
                "c'est le texte de l'exception, pas l'exception : range l'objet `erreur` "
                "lui-même (resultats[element] = erreur), pas str(erreur)"
            )
        elif element in results:
            advice = (
                "range comme résultat l'exception attrapée elle-même (except Exception as erreur)"
            )
        else:
            advice = (
                "un travailleur qui laisse passer l'exception meurt sans rien dire ; "
                "attrape-la (except Exception as erreur) et range-la comme résultat"
            )
        student.fail(
            "L'erreur d'un élément n'apparaît pas dans les résultats.",
            call=call,
            observed=observed,
            expected=f"l'exception levée par traiter({element!r}) : {raised!r}",
            advice=advice,
            requirement="E6",
        )
    others = {e: r for e, r in results.items() if e not in case.processor.failing}
    expected = {e: a for e, a in case.processor.answers.items() if e not in failing}
    if others != expected:
        lost = [e for e in expected if e not in others]
        student.fail(
            "Les autres éléments n'ont pas tous leur résultat.",
            call=call,
            observed=f"{len(lost)} élément(s) sans résultat, dont {lost[0]!r}"
            if lost
            else "des résultats faux",
            expected="le résultat de traiter pour chaque élément qui n'a pas échoué",
            requirement="E6",
        )
    workers = case.workers_seen()  # None: the workers cannot be told apart
    dead = [
        task
        for task in workers or ()
        if task.done() and not task.cancelled() and task.exception() is not None
    ]
    if dead and len(workers or ()) > case.workers:
        # Not workers dying: one task per element, each ending with its element.
        student.fail(
            "Il y a plus de travailleurs que nb_travailleurs.",
            call=call,
            observed=f"{len(workers or ())} tâches différentes ont appelé traiter pour les "
            f"{len(case.processor.started)} éléments ; {len(dead)} d'entre elles se sont "
            f"arrêtées sur l'exception de leur élément : {dead[0].exception()!r}",
            expected=f"exactement {case.workers} tâches travailleurs (nb_travailleurs), qui se "
            "partagent les éléments de la file et continuent après une erreur",
            advice="seuls les travailleurs appellent traiter, un élément à la fois chacun : ne "
            f"lance pas un traitement par élément ; démarre nb_travailleurs (ici {case.workers}) "
            "tâches, chacune avec une boucle : prendre l'élément suivant dans la file "
            "(await file.get()), le traiter, ranger son résultat ou son exception, recommencer",
            requirement="E5",
        )
    if dead:
        student.fail(
            "Un travailleur s'est arrêté sur l'exception de traiter.",
            call=call,
            observed=f"{len(dead)} tâche(s) qui appelaient traiter se sont arrêtées sur une "
            f"exception ({len(workers or ())} travailleur(s) en tout) : {dead[0].exception()!r}",
            expected="chaque travailleur continue après une erreur : l'exception devient le "
            "résultat de l'élément, et le travailleur passe à l'élément suivant",
            advice="après avoir rangé l'exception comme résultat, ne la relance pas (pas de "
            "raise) : le travailleur doit rester en vie pour les éléments suivants",
            requirement="E6",
        )

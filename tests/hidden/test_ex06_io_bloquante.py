"""Exercice 06 — tests cachés (notés, jamais distribués aux élèves).

Le client est celui du test (tests/support/blocking_io.py) : sa méthode
synchrone lire_profil bloque le thread qui l'appelle (time.sleep, GIL libéré)
pendant un délai propre à chaque identifiant, et note quel thread l'a exécutée
et quand. Identifiants, profils et délais sont tirés au hasard à chaque test
(4 ou 5 identifiants, délais distincts entre 80 et 120 ms ; le premier
identifiant est toujours le plus lent, les autres dans le désordre ou à
l'envers ; les identifiants jamais triés ni dans l'ordre d'un set). Chaque
test fait son propre appel et juge une propriété :

- boucle réactive (C1) : chaque appel au client demande à la boucle
  d'exécuter un rappel (call_soon_threadsafe) et, son délai écoulé, attend
  la réponse jusqu'à 0,5 s. Une boucle libre répond en quelques
  millisecondes ; un appel exécuté dans le thread de la boucle, ou une
  attente bloquante de la fin des threads (join(), future.result()),
  l'empêchent de répondre pendant l'appel, quelle que soit la vitesse de la
  machine. Aucune borne sur la réponse d'une bonne réponse n'entre dans le
  verdict, seulement la patience de 0,5 s. Pire réponse de la solution
  (pire appel sur 5, 100 à 150 appels de recuperer_profils, 3.11 et 3.13) :
  9 ms au repos (machine partagée, charge 7), 29 ms avec 4 boucles infinies
  en plus sur 2 cœurs : marge ≥ 17. Mesure précédente, remplacée : le pire
  retard d'un battement de 5 ms borné à 40 ms ; sur cette même machine
  chargée, la solution et deux bonnes réponses (run_in_executor(None, …),
  TaskGroup) l'ont dépassé deux fois de suite (42 à 48 ms) ;
- autres threads (E2) : aucun appel au client n'a tourné dans le thread de la
  boucle, sur 4 ou 5 identifiants puis sur un seul (du code qui lit un profil
  unique directement dans la coroutine, « rien à paralléliser », y est vu) ;
- tous en même temps (E3) : autant d'identifiants que le pool de threads par
  défaut d'asyncio a de threads sur la machine (min(32, CPU + 4) : 6 sur un
  runner à 2 cœurs, jamais moins de 5), et un client qui retient chaque appel
  jusqu'à ce que tous aient démarré (au plus 0,3 s) : tous les appels doivent
  avoir été en cours ensemble. Des to_thread attendus un par un, par paquets
  (de 5 aussi : jusqu'au 2026-12-07, le test n'en demandait que 5, et une
  réponse par paquets de 5 passait) ou dans un pool de 2 threads n'y arrivent
  jamais ; un pool à soi de la taille par défaut y arrive, comme to_thread.
  Dès qu'un appel a attendu en vain, les suivants n'attendent plus (l'élève
  n'attend pas 0,3 s par appel pour un verdict déjà connu). Aucune borne de
  temps pour une bonne réponse : ses appels attendent les autres au lieu de
  courir contre eux. Écart entre le premier et le dernier démarrage (solution,
  500 appels, 3.11 et 3.13, au repos puis 2 et 4 boucles infinies, sur
  5 identifiants) : médiane 0,2 ms, pire 24 ms, pour une patience de 0,3 s
  (marge ≥ 12 ; elle était de 0,5 s jusqu'au 2026-12-05) ;
- une seule fois (E4) : chaque identifiant a reçu exactement un appel, sur
  4 ou 5 identifiants (un test : du code qui lit tout deux fois y est vu en
  0,1 s) et, dans un second test, sur 33 identifiants (plus que le plus
  grand pool de threads par défaut, 32 : des appels attendent un thread
  libre, et une lambda qui lit la variable de la boucle trop tard lit un
  autre identifiant, le plus souvent le dernier) dont l'avant-dernier lu en
  1,5 s (du code qui abandonne une lecture lente pour la refaire la fait
  deux fois ; la lambda, elle, ne le lit presque jamais, et son verdict
  n'attend pas cette lecture : 0,5 s au lieu de 1,5 s). Dès qu'un
  identifiant est lu une deuxième fois, le verdict est connu : toutes les
  lectures en cours ou à venir répondent aussitôt, et du code qui réessaie
  après 1 s finit à 1 s au lieu de 2,5 s. Les lectures comptées sont celles
  commencées, finies ou non ;
- une lecture qui échoue (E4, ajouté le 2026-12-07 : une réponse qui relisait
  une fois chaque lecture ratée « parce que le réseau a des ratés » passait,
  aucun test ne faisant échouer de lecture) : 4 ou 5 identifiants (le pool
  par défaut a au moins 5 threads : toutes les lectures démarrent ensemble),
  lectures courtes, de 20 à 40 ms. La lecture d'un identifiant tiré au hasard
  (n'importe quelle position) attend, dans son thread, que toutes les autres
  soient finies (au plus 1 s), puis lève LectureRatee ; une relecture de cet
  identifiant répond normalement (du code qui réessaie jusqu'à réussir est vu
  aussi). Ce que fait alors l'appel (lever cette erreur ou une autre, renvoyer
  une liste avec un trou) n'est pas jugé : l'énoncé ne promet rien quand une
  lecture échoue. Après l'appel, le test attend (au plus 0,5 s) la fin des
  lectures encore en cours et des tâches que l'appel a laissées, puis compte
  les lectures : aucun identifiant ne doit avoir été lu plus d'une fois (une
  relecture tout de suite, ou dans une tâche laissée derrière soi, y est vue).
  Un identifiant jamais lu n'est pas son affaire (les autres tests le
  voient). C1 et C4 sont jugés comme pour tout appel, pas C2 (voir plus bas).
  Attente de la lecture qui échoue (solution, 7 bonnes réponses du dépôt et
  6 du corpus aveugle, 3.11 seul disponible ; 210 appels à charge 7 à 23,
  puis 70 avec 4 boucles infinies en plus sur 2 cœurs) : pire 52 ms puis
  87 ms, pour une patience de 1 s (marge ≥ 11 ; seul du code qui lit un
  identifiant à la fois, ou avec trop peu de threads, l'épuise). Ce qui
  tourne encore après l'appel : rien pour ces réponses (0 ms sur les
  280 appels), 27 ms au pire pour une bonne réponse qui travaille 50 ms dans
  son thread après la lecture, pour une patience de 0,5 s. Durée du test sur
  la solution : 0,07 à 0,09 s ;
- résultats (E1) : justes et dans l'ordre des identifiants ; comme le
  premier identifiant est le plus lent (de 10 ms au moins), l'ordre de fin
  des lectures n'est jamais celui des identifiants ; un seul identifiant puis
  aucun identifiant sont essayés à chaque fois.

Règles du cours (manifest.toml, `common`) : C1 (la boucle n'est jamais
bloquée), que le test de la boucle réactive vérifie à sa façon, plus sûre,
et dont il porte le nom (les autres tests la mesurent aussi, à 0,3 s) ; C2
(rien ne tourne encore au retour) et C4 (aucune coroutine oubliée sans
await, par exemple un asyncio.to_thread(...) jamais attendu). C3 (erreur de
tâche perdue) n'est pas retenue : l'énoncé ne dit rien des erreurs, et le
client n'en lève que dans le test de la lecture qui échoue, où seul le nombre
de lectures est jugé. C2 n'y est pas jugé non plus : asyncio.gather lève la
première erreur qu'il voit et laisse tourner les autres tâches. La lecture
qui échoue attend la fin des autres lectures, mais chaque résultat doit
encore revenir de son thread après la fin de lire_profil : sur une machine
chargée, il peut arriver juste après l'erreur, et une bonne réponse qui
travaille encore dans son thread après la lecture (décoder le profil) laisse
ce travail en cours. Les autres tests jugent C2 sur des appels sans erreur.
"""

from __future__ import annotations

import random

import pytest

from tests.support.blocking_io import (
    MANY_IDENTIFIERS,
    MOST_IDENTIFIERS,
    SLOW_READ,
    Case,
    Observation,
    check_failed_read_once,
    check_loop_responsive,
    check_other_threads,
    check_overlap,
    check_read_once,
    check_results,
    default_pool_size,
    failing_case,
    observe,
    observe_failed_read,
    random_case,
)
from tests.support.student import Student


def new_case(count: int | None = None) -> Case:
    rng = random.Random()
    return random_case(rng, count or rng.randint(4, MOST_IDENTIFIERS))


async def observation(student: Student) -> Observation:
    return await observe(student, new_case())


@pytest.mark.asyncio
@pytest.mark.exigence("C1")
async def test_la_boucle_reste_reactive(student: Student) -> None:
    seen = await observe(student, new_case(), ask_loop=True)
    student.show(seen.timeline())
    check_loop_responsive(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("E2")
async def test_les_appels_tournent_dans_d_autres_threads(student: Student) -> None:
    seen = await observation(student)
    student.show(seen.timeline())
    check_other_threads(student, seen)
    # Then a single identifier: "nothing to run in parallel" is no reason to
    # run that one call in the loop's thread (a blind answer did).
    seen = await observe(student, new_case(1))
    student.show(seen.timeline())
    check_other_threads(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
async def test_les_appels_sont_tous_en_cours_ensemble(student: Student) -> None:
    seen = await observe(student, new_case(default_pool_size()), hold=True)
    student.show(seen.timeline())
    check_overlap(student, seen)


@pytest.mark.asyncio
@pytest.mark.exigence("E4")
@pytest.mark.parametrize("slow_read", [False, True], ids=["courte", "lecture_lente"])
async def test_chaque_profil_est_lu_une_seule_fois(student: Student, slow_read: bool) -> None:
    # Two cases, two tests: code that reads everything twice is seen in 0,1 s
    # on a short call, without waiting through the slow read that only a
    # retry needs; the grading's order (tests/hidden/ordre.py) chooses.
    if not slow_read:
        check_read_once(student, await observation(student))
        return
    case = new_case(MANY_IDENTIFIERS)
    case.delays[case.identifiants[-2]] = SLOW_READ
    check_read_once(student, await observe(student, case))


@pytest.mark.asyncio
@pytest.mark.exigence("E4")
async def test_une_lecture_qui_echoue_n_est_pas_relue(student: Student) -> None:
    # Whatever the call then does (raise, return a placeholder) is not judged:
    # only how many times each identifier was read.
    rng = random.Random()
    case, failing = failing_case(rng, rng.randint(4, MOST_IDENTIFIERS))
    failed = await observe_failed_read(student, case, failing)
    student.show(failed.seen.timeline())
    check_failed_read_once(student, failed)


@pytest.mark.asyncio
@pytest.mark.exigence("E1")
async def test_les_profils_sont_justes_et_dans_l_ordre(student: Student) -> None:
    check_results(student, await observation(student))


@pytest.mark.asyncio
@pytest.mark.exigence("E1")
async def test_un_seul_identifiant_puis_aucun(student: Student) -> None:
    check_results(student, await observe(student, new_case(1)))
    check_results(student, await observe(student, Case([], {}, {})))

"""Exercice 07 — tests cachés (notés, jamais distribués aux élèves).

Chaque façon de démarrer un processus disponible ici (fork, spawn, forkserver)
est essayée : spawn est celle de Windows et macOS, forkserver celle de Linux
depuis Python 3.14. Pour chacune, un seul appel à calculer_tous avec 4 calculs
d'environ 0,2 s de CPU chacun (nombre d'itérations étalonné au démarrage), et
quatre tests qui jugent cet appel :

- boucle réactive : un battement toutes les 5 ms mesure le pire retard de la
  boucle ; rapporté à la durée de l'appel, il vaut ~1 quand le calcul tourne
  dans la boucle et reste petit quand il tourne ailleurs. Borne : 0,4
  (médianes mesurées, machine au repos ou 2 cœurs occupés : calcul dans la
  boucle 0,99 ; solution 0,01 à 0,05 selon la façon de démarrer) ;
- autres processus : chaque calcul note le PID et le thread qui l'ont exécuté
  (un thread, `asyncio.to_thread` ou `run_in_executor(None, …)` garde le PID
  du test ; les threads du pool par défaut de la boucle s'appellent
  « asyncio_N ») ;
- en parallèle : dans un processus du pool, un calcul ne se termine que quand
  un deuxième a démarré (rendez-vous) ; des calculs attendus l'un après
  l'autre ne se rencontrent jamais et le premier échoue après 1,5 s (une
  solution démarre son deuxième calcul en moins de 10 ms) ;
- résultats : justes et dans l'ordre des valeurs (tirées au hasard).
"""

from __future__ import annotations

import multiprocessing

import pytest

from tests.harness.cpu_job import NoCompanionError
from tests.harness.offload import (
    Observation,
    check_loop_responsive,
    companions_needed,
    expected_results,
    observe,
    returned_reports,
)
from tests.harness.student import Student

METHODS = multiprocessing.get_all_start_methods()
# The names of the threads of the loop's default executor (asyncio.to_thread,
# run_in_executor(None, …)): ThreadPoolExecutor(thread_name_prefix="asyncio").
DEFAULT_POOL_PREFIX = "asyncio_"

_observations: dict[tuple[str, str], Observation] = {}


async def observation(student: Student, method: str) -> Observation:
    key = (str(student.tree), method)
    if key not in _observations:
        _observations[key] = await observe(student, method)
    return _observations[key]


@pytest.mark.asyncio
@pytest.mark.parametrize("method", METHODS)
async def test_la_boucle_reste_reactive(student: Student, method: str) -> None:
    check_loop_responsive(student, await observation(student, method))


@pytest.mark.asyncio
@pytest.mark.parametrize("method", METHODS)
async def test_les_calculs_tournent_dans_d_autres_processus(student: Student, method: str) -> None:
    seen = await observation(student, method)
    if isinstance(seen.outcome.error, NoCompanionError):
        return  # only ever raised inside a worker process
    here = [r for r in returned_reports(student, seen) if r.pid == seen.parent_pid]
    if here:
        in_loop = [r for r in here if r.thread == seen.loop_thread]
        default_pool = [r for r in here if r.thread_name.startswith(DEFAULT_POOL_PREFIX)]
        where = ["dans le thread de la boucle"] if in_loop else []
        if default_pool:
            where.append(
                "dans le pool de threads par défaut de la boucle (celui de asyncio.to_thread "
                "et de run_in_executor(None, …))"
            )
        elif len(in_loop) < len(here):
            where.append("dans d'autres threads")
        student.fail(
            "Les calculs ont tourné dans le processus du programme lui-même.",
            call=seen.call,
            observed=f"{len(here)} calcul(s) sur {len(seen.values)} exécuté(s) par le "
            f"processus principal, {' et '.join(where)}",
            expected="chaque calcul exécuté par un autre processus",
            advice="un thread (asyncio.to_thread, run_in_executor(None, …)) ne suffit pas : "
            "à cause du GIL, un seul thread calcule à la fois ; utilise un ProcessPoolExecutor",
        )


@pytest.mark.asyncio
@pytest.mark.parametrize("method", METHODS)
async def test_les_calculs_tournent_en_parallele(student: Student, method: str) -> None:
    seen = await observation(student, method)
    returned_reports(student, seen)
    needed = companions_needed()
    if seen.peak_overlap() < needed:
        student.fail(
            "Les calculs n'ont pas tourné en même temps.",
            call=seen.call,
            observed=f"au plus {seen.peak_overlap()} calcul(s) en cours à la fois",
            expected=f"au moins {needed} calculs en même temps, sur plusieurs cœurs",
            advice="soumets tous les calculs au pool, puis attends-les ensemble avec "
            "asyncio.gather",
        )


@pytest.mark.asyncio
@pytest.mark.parametrize("method", METHODS)
async def test_les_resultats_sont_justes_et_dans_l_ordre(student: Student, method: str) -> None:
    seen = await observation(student, method)
    expected = expected_results(seen.values)
    got = [r.result for r in returned_reports(student, seen)]
    if got != expected:
        student.fail(
            "Les résultats renvoyés ne sont pas ceux de travail(valeur), dans l'ordre.",
            call=seen.call,
            observed=f"{len(got)} résultat(s) : " + ", ".join(map(str, got))[:300],
            expected=f"{len(expected)} résultats : " + ", ".join(map(str, expected)),
            advice="asyncio.gather renvoie les résultats dans l'ordre de ses arguments",
        )

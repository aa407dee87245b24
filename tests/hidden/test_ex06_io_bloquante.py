"""Exercice 06 — tests cachés (notés, jamais distribués aux élèves).

Le client est celui du test (tests/harness/blocking_io.py) : sa méthode
synchrone lire_profil bloque le thread qui l'appelle (time.sleep, GIL libéré)
pendant un délai propre à chaque identifiant, et note quel thread l'a exécutée
et quand. Identifiants, profils et délais sont tirés au hasard à chaque test
(4 ou 5 identifiants, délais distincts entre 80 et 120 ms, jamais dans l'ordre
des identifiants). Chaque test fait son propre appel et juge une propriété :

- boucle réactive : un battement toutes les 5 ms mesure le plus long blocage
  de la boucle pendant l'appel. Toute mauvaise réponse exécute au moins un
  appel entier dans le thread de la boucle, donc la bloque au moins 80 ms
  (le plus court délai). Borne : 40 ms, la moitié du plus court délai. Si
  elle est dépassée, l'appel est refait une fois avec un nouveau tirage et
  seul le second compte : un processus de test mis de côté un instant par le
  système bloque aussi la boucle, mais jamais deux fois de suite ici, alors
  qu'une mauvaise réponse la bloque à chaque appel.
  Médianes de 15 appels, Python 3.11 / 3.13, machine au repos puis 2 cœurs
  occupés par deux boucles infinies :

  | code                        | repos 3.11 | 2 cœurs 3.11 | repos 3.13 | 2 cœurs 3.13 |
  |-----------------------------|-----------:|-------------:|-----------:|-------------:|
  | solution (to_thread)        |     1,0 ms |       1,0 ms |     1,1 ms |       4,0 ms |
  | threads + join() (mutant)   |     116 ms |       123 ms |     117 ms |       116 ms |
  | sleep(0) autour (mutant)    |     209 ms |       205 ms |     211 ms |       212 ms |
  | code de départ              |     497 ms |       399 ms |     398 ms |       496 ms |

  Borne / solution ≥ 10 ; mauvaise réponse la plus proche / borne ≥ 2,9. Pire
  cas de la solution sur 100 appels avec 4 boucles infinies (2 par cœur) :
  24 ms (3.11), 40 ms (3.13), d'où la seconde chance : sur 1200 appels
  (3.11 et 3.13, 2 puis 4 boucles infinies), la borne a été dépassée 9 fois,
  jamais deux fois de suite.
- autres threads : aucun appel au client n'a tourné dans le thread de la boucle ;
- en même temps : au moins deux appels au client en cours à la fois (des
  to_thread attendus un par un n'en ont jamais plus d'un). Aucune borne de
  temps : une bonne réponse démarre tous ses threads en quelques dixièmes de
  milliseconde, pendant que le premier appel dure au moins 80 ms ;
- résultats : justes et dans l'ordre des identifiants.
"""

from __future__ import annotations

import random

import pytest

from tests.harness.blocking_io import (
    Case,
    Observation,
    check_loop_responsive,
    check_other_threads,
    check_overlap,
    check_results,
    observe,
    observe_responsive,
    random_case,
)
from tests.harness.student import Student


def new_case() -> Case:
    rng = random.Random()
    return random_case(rng, rng.randint(4, 5))


async def observation(student: Student) -> Observation:
    return await observe(student, new_case())


@pytest.mark.asyncio
async def test_la_boucle_reste_reactive(student: Student) -> None:
    check_loop_responsive(student, await observe_responsive(student, new_case))


@pytest.mark.asyncio
async def test_les_appels_tournent_dans_d_autres_threads(student: Student) -> None:
    check_other_threads(student, await observation(student))


@pytest.mark.asyncio
async def test_les_appels_se_chevauchent(student: Student) -> None:
    check_overlap(student, await observation(student))


@pytest.mark.asyncio
async def test_les_profils_sont_justes_et_dans_l_ordre(student: Student) -> None:
    check_results(student, await observation(student))

"""Exercice 08 — tests cachés (notés, jamais distribués aux élèves).

Chaque test fait son propre appel avec 10 à 20 urls tirées au hasard, une
limite tirée entre 2 et 5, et des délais distincts de 10 à 30 ms jamais dans
l'ordre des urls (la deuxième url finit toujours avant la première). Le faux
service note, dans l'ordre de la boucle, le début et la fin de chaque
téléchargement : tout est jugé sur cette chronologie, sans aucune borne sur la
durée d'un appel réussi.

- E3, jamais au-dessus : au plus `limite` téléchargements en cours à la fois ;
- E4, limite atteinte : exactement `limite` à un moment (un traitement un par
  un, comme le code de départ, n'en a jamais plus d'un) ; et, à chaque appel,
  un second cas avec moins d'urls que de places, où toutes partent ensemble ;
- E5, place réutilisée : le premier téléchargement lancé ne se termine que
  quand toutes les autres urls ont démarré (un rendez-vous, pas une durée).
  Une fenêtre glissante y arrive toujours en faisant passer les autres par les
  places restantes. Des paquets attendus l'un après l'autre, un traitement un
  par un, ou des urls réparties d'avance entre des travailleurs restent
  bloqués derrière lui : il abandonne quand aucun téléchargement n'a démarré
  depuis 0,5 s alors que des urls attendent (HOLD_PATIENCE). Une bonne réponse
  en démarre un au moins toutes les 30 ms (le plus long délai) jusqu'au
  rendez-vous. Mesuré (solution et réponses justes, 4 × 120 appels) : plus
  long intervalle entre deux démarrages 32 ms machine libre, 59 ms avec les
  2 cœurs occupés par deux boucles infinies, soit une marge de plus de 8 ;
  un succès n'attend jamais la patience ; puis, dans un second appel, les
  `limite` premiers téléchargements finissent ensemble (dans la même étape de
  la boucle) : ceux qui démarrent à leur place durent jusqu'à ce que `limite`
  soient de nouveau en cours, si bien qu'une bonne réponse les y remet quel
  que soit le nombre d'étapes qu'il lui faut ; une réponse qui ne relance
  qu'une url par réveil d'asyncio.wait laisse des places vides, et rien ne
  démarre plus pendant 0,5 s (HOLD_PATIENCE) ;
- E1, E2, contenus : chaque url téléchargée une fois, contenus dans l'ordre
  des urls ; à chaque fois aussi une liste vide (qui donne []), une seule
  url, et une url donnée deux fois (son contenu aux deux positions ; un ou
  deux téléchargements, au choix) ;
- E6, erreur : la première url, puis la dernière, échouent à chaque essai,
  une fois toutes les autres téléchargées. Pas de nouvel essai, et
  l'exception sort de l'appel, telle quelle ou dans l'ExceptionGroup d'un
  TaskGroup. E6 laisse l'élève libre de ce que deviennent les
  téléchargements pas encore finis quand l'erreur arrive (gather, la route
  conseillée, les laisse continuer ; un TaskGroup les annule) : l'erreur
  n'arrive donc qu'une fois tous les autres finis, et C2 y est jugée sans
  que ce choix compte (une bonne réponse ne laisse alors rien derrière
  elle ; des travailleurs jamais arrêtés, si).

Un sémaphore jamais rendu bloque l'appel : il échoue au bout de 3 s avec un
message qui le dit (une bonne réponse dure au plus ~0,4 s).

Règles du cours vérifiées autour de chaque appel : C2 (aucune tâche lancée
encore en cours au retour : des travailleurs jamais arrêtés) et C4 (aucune
coroutine jamais attendue). C4 est vu ici d'abord par le contrôle des
contenus, qui dit où manque le await (les coroutines oubliées sont dans la
liste renvoyée : le ramasse-miettes ne les voit pas pendant l'appel). C1
n'est pas listée : une réponse qui bloquerait la boucle ne finirait pas (le
garde-fou des appels bloqués le dit mieux). C3 non plus, bien qu'E6 fasse
échouer des téléchargements : elle a été écartée quand aucun ne levait, et
n'a pas été ajoutée avec E6, qui la couvre. Chaque appel d'E6 n'a qu'une
erreur (une url, sans nouvel essai), qu'E6 exige à la sortie de l'appel :
une réponse qui la perd renvoie une liste ou lève autre chose, et E6 le dit
en nommant l'url. Seule une réponse qui garderait l'exception à part pour la
relever, sans jamais attendre la tâche qui l'a levée, tiendrait E6 en perdant
l'erreur de cette tâche ; aucune réponse connue (mutants, corpus aveugle) ne
le fait, et C3 demanderait un mutant de plus pour sa traçabilité.

Le sémaphore est la route conseillée par l'énoncé, pas une promesse : une
poignée de travailleurs qui se servent dans une file commune tient toutes
les promesses (tests/alternatives/ex08_semaphore/) et passe.
"""

from __future__ import annotations

import random

import pytest

from tests.support.limited_downloads import (
    check_contents,
    check_error_not_retried,
    check_limit_reached,
    check_never_above,
    check_places_refilled,
    check_slot_reused,
    duplicated_downloads,
    failing_downloads,
    few_downloads,
    random_downloads,
    run,
    run_outcome,
    slow_first_downloads,
    together_downloads,
)
from tests.support.student import Student


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
async def test_jamais_plus_de_limite_en_meme_temps(student: Student, rng: random.Random) -> None:
    case = random_downloads(rng)
    await run(student, case)
    student.show(case.sliding_window(student.started))
    check_never_above(student, case)


@pytest.mark.asyncio
@pytest.mark.exigence("E4")
async def test_la_limite_est_atteinte(student: Student, rng: random.Random) -> None:
    case = random_downloads(rng)
    await run(student, case)
    student.show(case.sliding_window(student.started))
    check_limit_reached(student, case)
    few = few_downloads(rng)
    await run(student, few)
    student.show(few.sliding_window(student.started))
    check_limit_reached(student, few)


@pytest.mark.asyncio
@pytest.mark.exigence("E5")
async def test_une_place_liberee_sert_aussitot(student: Student, rng: random.Random) -> None:
    case = slow_first_downloads(rng)
    await run(student, case)
    student.show(case.sliding_window(student.started))
    check_slot_reused(student, case)
    together = together_downloads(rng)
    await run(student, together)
    student.show(together.sliding_window(student.started))
    check_places_refilled(student, together)


@pytest.mark.asyncio
@pytest.mark.exigence("E1", "E2")
async def test_chaque_url_une_fois_et_contenus_dans_l_ordre(
    student: Student, rng: random.Random
) -> None:
    case = random_downloads(rng)
    check_contents(student, case, await run(student, case))


@pytest.mark.asyncio
@pytest.mark.exigence("E1", "E2")
async def test_liste_vide_une_seule_url_et_url_en_double(
    student: Student, rng: random.Random
) -> None:
    for case in (random_downloads(rng, 0), random_downloads(rng, 1), duplicated_downloads(rng)):
        check_contents(student, case, await run(student, case))


@pytest.mark.asyncio
@pytest.mark.exigence("E6")
async def test_une_erreur_n_est_pas_retentee_et_sort(student: Student, rng: random.Random) -> None:
    for first in (True, False):
        case = failing_downloads(rng, first=first)
        check_error_not_retried(student, case, await run_outcome(student, case))

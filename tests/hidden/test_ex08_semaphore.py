"""Exercice 08 — tests cachés (notés, jamais distribués aux élèves).

Chaque test fait son propre appel avec 10 à 20 urls tirées au hasard, une
limite tirée entre 2 et 5, et des délais distincts de 10 à 30 ms jamais dans
l'ordre des urls. Le faux service note, dans l'ordre de la boucle, le début et
la fin de chaque téléchargement : tout est jugé sur cette chronologie, sans
aucune borne de temps.

- jamais au-dessus : au plus `limite` téléchargements en cours à la fois ;
- limite atteinte : exactement `limite` à un moment (un traitement un par un,
  comme le code de départ, n'en a jamais plus d'un) ;
- place réutilisée : le premier téléchargement lancé dure 200 ms ; pendant
  qu'il tourne, dès qu'un autre se termine alors que des urls attendent, un
  nouveau doit démarrer avant la fin du lent. Des paquets de `limite` attendus
  l'un après l'autre restent bloqués derrière le lent. Une bonne réponse fait
  démarrer le suivant au tour de boucle suivant (quelques microsecondes),
  alors que le lent dure encore au moins 170 ms ;
- contenus : chaque url téléchargée une fois, contenus dans l'ordre des urls.

Un sémaphore jamais rendu bloque l'appel : il échoue au bout de 3 s avec un
message qui le dit (une bonne réponse dure au plus ~0,4 s).
"""

from __future__ import annotations

import random

import pytest

from tests.harness.limited_downloads import (
    check_contents,
    check_limit_reached,
    check_never_above,
    check_slot_reused,
    random_downloads,
    run,
    slow_first_downloads,
)
from tests.harness.student import Student


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


@pytest.mark.asyncio
async def test_jamais_plus_de_limite_en_meme_temps(student: Student, rng: random.Random) -> None:
    case = random_downloads(rng)
    await run(student, case)
    check_never_above(student, case)


@pytest.mark.asyncio
async def test_la_limite_est_atteinte(student: Student, rng: random.Random) -> None:
    case = random_downloads(rng)
    await run(student, case)
    check_limit_reached(student, case)


@pytest.mark.asyncio
async def test_une_place_liberee_sert_aussitot(student: Student, rng: random.Random) -> None:
    case = slow_first_downloads(rng)
    await run(student, case)
    check_slot_reused(student, case)


@pytest.mark.asyncio
async def test_chaque_url_une_fois_et_contenus_dans_l_ordre(
    student: Student, rng: random.Random
) -> None:
    case = random_downloads(rng)
    check_contents(student, case, await run(student, case))

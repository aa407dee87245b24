"""Exercice 02 — tests cachés (notés, jamais distribués aux élèves).

Urls, contenus et délais sont tirés au hasard à chaque exécution, et les
délais ne sont jamais dans l'ordre des urls : une réponse qui renverrait les
contenus dans l'ordre de fin des téléchargements est toujours prise.

Borne de temps (test_duree_proche_du_plus_long_delai) : 10 délais distincts
entre 80 et 100 ms. Une réponse concurrente dure le plus long délai (≤ 0,1 s),
une réponse séquentielle leur somme (≥ 0,9 s). La borne, 3,5 fois le plus long
délai (≤ 0,35 s), laisse 3,5 fois le temps nécessaire et reste 2,5 fois sous
le temps de la réponse séquentielle.
"""

from __future__ import annotations

import random
import string
from collections import Counter

import pytest

from tests.harness import french
from tests.harness.clock import perf_counter
from tests.harness.concurrency import FakeService
from tests.harness.measures import record
from tests.harness.student import Student

COUNT = 10
BOUND_FACTOR = 3.5


def random_service(rng: random.Random) -> tuple[list[str], dict[str, str], FakeService[str]]:
    names = rng.sample(string.ascii_lowercase, COUNT)
    urls = [f"https://site-{n}.exemple.fr/{rng.randrange(1000)}" for n in names]
    # Distinct delays from a grid, shuffled until they are out of url order.
    delays = [0.080 + 0.020 * i / (COUNT - 1) for i in range(COUNT)]
    while delays == sorted(delays):
        rng.shuffle(delays)
    contents = {u: f"<page {rng.getrandbits(48):012x}>" for u in urls}
    by_url = dict(zip(urls, delays, strict=True))
    return urls, contents, FakeService("telecharger", contents.__getitem__, by_url.__getitem__)


def describe(urls: list[str]) -> str:
    return f"telecharger_tout(<{len(urls)} urls>, telecharger)"


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


@pytest.mark.asyncio
async def test_tous_les_telechargements_en_meme_temps(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, _, fake = random_service(rng)
    await student.call(telecharger_tout(urls, fake.operation), call=describe(urls), limit=10)
    if fake.in_flight.peak != COUNT:
        student.fail(
            "Les téléchargements n'ont pas tous eu lieu en même temps.",
            call=describe(urls),
            observed=f"au plus {fake.in_flight.peak} téléchargement(s) en cours à la fois",
            expected=f"les {COUNT} téléchargements en cours en même temps",
            advice="crée toutes les coroutines, puis attends-les ensemble : "
            "await asyncio.gather(*coroutines)",
        )


@pytest.mark.asyncio
async def test_duree_proche_du_plus_long_delai(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, _, fake = random_service(rng)
    longest = max(map(fake.delay, urls))
    total = sum(map(fake.delay, urls))
    start = perf_counter()
    await student.call(telecharger_tout(urls, fake.operation), call=describe(urls), limit=10)
    elapsed = perf_counter() - start
    record("02 durée / plus long délai", elapsed / longest, BOUND_FACTOR, "upper")
    if elapsed > BOUND_FACTOR * longest:
        student.fail(
            "L'ensemble des téléchargements a pris trop de temps.",
            call=describe(urls),
            observed=f"{french.decimal(elapsed, 2)} s "
            f"(la somme des délais est {french.decimal(total, 2)} s)",
            expected=f"à peu près le plus long délai, {french.decimal(longest, 2)} s "
            f"(au plus {french.decimal(BOUND_FACTOR * longest, 2)} s)",
            advice="en parallèle, la durée totale est celle du plus lent, pas la somme",
        )


@pytest.mark.asyncio
async def test_contenus_dans_l_ordre_des_urls(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, contents, fake = random_service(rng)
    contenus = await student.call(
        telecharger_tout(urls, fake.operation), call=describe(urls), limit=10
    )
    expected = [contents[u] for u in urls]
    if not isinstance(contenus, list | tuple):
        student.fail(
            "telecharger_tout ne renvoie pas une liste.",
            call=describe(urls),
            observed=f"un objet {type(contenus).__name__}",
            expected="la liste des contenus",
        )
    if list(contenus) == expected:
        return
    if list(contenus) == [contents[u] for (u,) in fake.completed]:
        student.fail(
            "Les contenus sont rangés dans l'ordre où les téléchargements se sont terminés.",
            call=describe(urls),
            observed="le contenu le plus rapide en premier",
            expected="les contenus dans l'ordre des urls reçues",
            advice="asyncio.gather renvoie déjà les résultats dans l'ordre de ses arguments ; "
            "asyncio.as_completed, lui, les donne dans l'ordre de fin",
        )
    mismatches = [i for i, (a, b) in enumerate(zip(contenus, expected, strict=False)) if a != b]
    where = f", premier écart à la position {mismatches[0]}" if mismatches else ""
    student.fail(
        "Les contenus renvoyés ne correspondent pas aux urls.",
        call=describe(urls),
        observed=f"{len(contenus)} élément(s){where}",
        expected=f"{len(expected)} contenus, le i-ème étant celui de la i-ème url",
    )


@pytest.mark.asyncio
async def test_chaque_url_telechargee_une_seule_fois(student: Student, rng: random.Random) -> None:
    telecharger_tout = student.function("telecharger_tout")
    urls, _, fake = random_service(rng)
    await student.call(telecharger_tout(urls, fake.operation), call=describe(urls), limit=10)
    counts = Counter(url for (url,) in fake.calls)
    if counts != Counter(urls):
        extra = sorted(u for u, c in counts.items() if c > 1)
        missing = sorted(set(urls) - set(counts))
        student.fail(
            "Chaque url doit être téléchargée exactement une fois.",
            call=describe(urls),
            observed=f"{len(fake.calls)} appel(s) à telecharger ; "
            f"en double : {len(extra)}, jamais téléchargées : {len(missing)}",
            expected=f"{len(urls)} appels, un par url",
        )

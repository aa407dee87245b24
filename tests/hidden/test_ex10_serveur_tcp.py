"""Exercice 10 — tests cachés (notés, jamais distribués aux élèves).

Tout passe par de vraies connexions TCP sur 127.0.0.1, port éphémère. Nombres,
service de calcul, lignes mal formées, refus et nombre de clients sont tirés
au hasard à chaque exécution.

Côté serveur, le test démarre le serveur de l'élève avec son propre
`calculer`, puis joue lui-même les clients :
- ligne par ligne : le client attend chaque réponse avant d'envoyer la ligne
  suivante (un serveur qui attend FIN ou la fin de la connexion ne répond
  jamais) ;
- lignes mal formées : chacune reçoit `ERREUR …`, la connexion reste
  utilisable et le serveur sert encore un nouveau client ;
- FIN : le serveur ferme la connexion, et sert encore un nouveau client ;
- 200 à 240 clients connectés en même temps, une requête chacun : `calculer`
  ne rend la main qu'une fois toutes ces requêtes en cours à la fois (mesure
  structurelle, indépendante de la vitesse de la machine) ; puis chaque
  client envoie 0 à 2 autres requêtes d'un coup et toutes les réponses sont
  vérifiées ;
- boucle jamais bloquée : un battement toutes les 5 ms mesure le pire retard
  de la boucle pendant une session de 200 à 240 clients.

Côté client, le test fait tourner son propre serveur :
- interroger : entier pour OK, None pour ERREUR ; une seule connexion, les
  bonnes lignes dans l'ordre, et la connexion fermée au retour ;
- interroger_beaucoup : le serveur du test ne répond qu'une fois les 100 à 120
  connexions ouvertes en même temps (moins de 128, la file d'attente d'un
  serveur sous macOS) ; les résultats sont rendus dans l'ordre des lots alors
  que les lots finissent dans le désordre.

Bornes de temps, mesurées par `python -m tests.harness.margins -k ex10` (médianes
de 7 exécutions ; machine à 2 cœurs au repos / avec les 2 cœurs occupés par
d'autres processus ; Python 3.11 et 3.13) :
- patience des portes, qui ne s'épuise que pour une réponse fausse (une
  réponse juste ouvre la porte dès que tout est en cours) : 1 s de chaque
  côté, quand la solution a ses 240 requêtes en cours 0,001 s après la
  première (13 ms au pire sur 20 essais chargés) et ouvre ses 120 connexions
  en moins de 0,001 s (12 ms au pire), soit au moins 75 fois moins. Une
  réponse séquentielle ne remplit jamais la porte ;
- une réponse doit arriver en 0,5 s (REPLY_LIMIT) : pendant une session de
  240 clients, la plus longue attente d'une réponse de la solution vaut
  0,010 s au repos et 0,018 s avec les 2 cœurs occupés (médianes, 3.11), soit
  28 fois moins. Ces deux attentes ne sont payées que par une réponse fausse
  (un serveur qui ne répond pas attend REPLY_LIMIT à chaque test) : elles
  sont aussi courtes que ces marges le permettent ;
- pire retard de la boucle pendant une session de 240 clients : borne 0,3 s ;
  solution 0,016 / 0,063 s (3.11) et 0,010 / 0,024 s (3.13), au pire 0,069 s
  sur 40 sessions chargées (borne/solution ≥ 4,3) ; mutant pause_bloquante
  (time.sleep(0.01) avant chaque réponse) 2,50 / 2,71 s (3.11) et
  2,44 / 2,63 s (3.13), soit ≥ 8 fois la borne.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.harness import french
from tests.harness.loop_lag import LagMonitor
from tests.harness.measures import record
from tests.harness.student import Student, describe_exception
from tests.harness.tcp_lines import (
    HOST,
    REQUEST,
    CalcServer,
    Gate,
    GatedService,
    LineClient,
    Reply,
    StudentServer,
    close_all,
    connect_many,
    raise_open_file_limit,
    record_unclosed,
    running_server,
)

REPLY_LIMIT = 0.5
SERVER_PATIENCE = 1.0
CLIENT_PATIENCE = 1.0
CLOSE_WAIT = 1.0
MAX_LAG = 0.3
CLIENTS = (200, 240)
LOTS = (100, 120)

MALFORMED = [
    "CALCUL {a}",
    "CALCUL",
    "CALCUL {a} {b} {c}",
    "CALCUL trois {b}",
    "CALCUL {a} deux",
    "ADDITION {a} {b}",
    "BONJOUR",
    "{a} {b}",
]
BLOCKING_ADVICE = (
    "dans une coroutine, on attend avec await, jamais avec time.sleep ni un autre appel "
    "bloquant : pendant ce temps, aucun autre client n'avance"
)
MALFORMED_ADVICE = (
    "vérifie la commande et le nombre de morceaux, et entoure int(...) d'un "
    "try/except ValueError : réponds ERREUR <raison>, puis continue à lire les lignes suivantes"
)
REFUSALS = ["nombre trop grand", "service indisponible", "calcul refusé"]

Pair = tuple[int, int]


@dataclass(frozen=True)
class Calc:
    """The test's service: an affine function nobody can guess."""

    factor: int
    offset: int

    def __call__(self, a: int, b: int) -> int:
        return self.factor * a + b + self.offset

    def ok(self, a: int, b: int) -> str:
        return f"OK {self(a, b)}"


@pytest.fixture
def rng() -> random.Random:
    return random.Random()


def random_calc(rng: random.Random) -> Calc:
    return Calc(rng.randint(2, 9), rng.randint(-50, 50))


def pair(rng: random.Random) -> Pair:
    return rng.randint(-999, 999), rng.randint(-999, 999)


def distinct_pairs(rng: random.Random, count: int) -> list[Pair]:
    pairs: dict[Pair, None] = {}
    while len(pairs) < count:
        pairs[pair(rng)] = None
    return list(pairs)


def ungated(calc: Calc) -> GatedService:
    return GatedService(calc, Gate.already_open())


def is_error(reply: Reply) -> bool:
    return reply.text is not None and reply.text.strip().startswith("ERREUR")


def matches(reply: Reply, expected: str) -> bool:
    return reply.text is not None and reply.text.strip() == expected


def no_answer_advice(reply: Reply) -> str | None:
    if reply.text is not None:
        return None
    if reply.partial:
        return "termine chaque réponse par \\n : writer.write(f'OK {resultat}\\n'.encode())"
    return (
        "réponds à chaque ligne dès qu'elle arrive : lis-la avec await reader.readline() "
        "dans une boucle, sans attendre FIN ni la fin de la connexion"
    )


async def one_client(student: Student, server: StudentServer) -> LineClient:
    (client,) = await connect_many(student, server.port, 1)
    return client


# -- the student's server -------------------------------------------------------


@pytest.mark.asyncio
async def test_le_serveur_repond_a_chaque_ligne_des_qu_elle_arrive(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    async with running_server(student, ungated(calc).operation) as server:
        client = await one_client(student, server)
        try:
            for number in range(1, rng.randint(3, 6) + 1):
                a, b = pair(rng)
                client.send(f"CALCUL {a} {b}")
                reply = await client.receive(REPLY_LIMIT)
                if not matches(reply, calc.ok(a, b)):
                    student.fail(
                        f"Mauvaise réponse à la ligne n° {number} d'un client qui attend "
                        "chaque réponse avant d'envoyer la ligne suivante.",
                        call=f"le client envoie « CALCUL {a} {b} » puis attend la réponse",
                        observed=reply.describe() + server.crashes(),
                        expected=f"« {calc.ok(a, b)} » (avec le résultat de calculer)",
                        advice=no_answer_advice(reply),
                    )
        finally:
            await client.close()


@pytest.mark.asyncio
async def test_une_ligne_mal_formee_recoit_une_erreur_et_la_connexion_continue(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)

    def malformed(template: str) -> str:
        return template.format(a=rng.randint(-99, 99), b=rng.randint(-99, 99), c=rng.randint(1, 9))

    bad = [malformed(t) for t in rng.sample(MALFORMED, 3)]
    script = [None, bad[0], None, bad[1], bad[2], None]  # None: a valid request
    async with running_server(student, ungated(calc).operation) as server:
        client = await one_client(student, server)
        try:
            sent: list[str] = []
            for item in script:
                if item is None:
                    a, b = pair(rng)
                    line = f"CALCUL {a} {b}"
                    reply = await exchange(client, line)
                    good, expected = matches(reply, calc.ok(a, b)), f"« {calc.ok(a, b)} »"
                else:
                    line = item
                    reply = await exchange(client, line)
                    good, expected = is_error(reply), "une ligne « ERREUR <raison> »"
                if not good:
                    if not sent:
                        problem, advice = "Mauvaise réponse à la première ligne.", None
                    elif item is not None:
                        problem = "Une ligne mal formée doit recevoir une réponse ERREUR."
                        advice = MALFORMED_ADVICE
                    else:
                        problem = "Après une ligne mal formée, la connexion doit rester utilisable."
                        advice = MALFORMED_ADVICE
                    before = f" (après {', '.join(sent)})" if sent else ""
                    student.fail(
                        problem,
                        call=f"le client envoie « {line} »{before}",
                        observed=reply.describe() + server.crashes(),
                        expected=expected,
                        advice=advice or no_answer_advice(reply),
                    )
                sent.append(f"« {line} »")
        finally:
            await client.close()
        await check_still_serving(student, server, calc, rng, "après des lignes mal formées")


async def exchange(client: LineClient, line: str) -> Reply:
    client.send(line)
    return await client.receive(REPLY_LIMIT)


async def check_still_serving(
    student: Student, server: StudentServer, calc: Calc, rng: random.Random, when: str
) -> None:
    client = await one_client(student, server)
    try:
        a, b = pair(rng)
        reply = await exchange(client, f"CALCUL {a} {b}")
    finally:
        await client.close()
    if not matches(reply, calc.ok(a, b)):
        student.fail(
            f"Le serveur ne sert plus les nouveaux clients {when}.",
            call=f"un nouveau client envoie « CALCUL {a} {b} »",
            observed=reply.describe() + server.crashes(),
            expected=f"« {calc.ok(a, b)} »",
            advice="seule la connexion concernée s'arrête ; le serveur, lui, continue",
        )


@pytest.mark.asyncio
async def test_fin_ferme_la_connexion_et_le_serveur_continue(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    async with running_server(student, ungated(calc).operation) as server:
        client = await one_client(student, server)
        try:
            a, b = pair(rng)
            reply = await exchange(client, f"CALCUL {a} {b}")
            if not matches(reply, calc.ok(a, b)):
                student.fail(
                    "Mauvaise réponse à la première ligne.",
                    call=f"le client envoie « CALCUL {a} {b} » puis attend la réponse",
                    observed=reply.describe() + server.crashes(),
                    expected=f"« {calc.ok(a, b)} »",
                    advice=no_answer_advice(reply),
                )
            reply = await exchange(client, "FIN")
            if not reply.closed:
                student.fail(
                    "FIN doit fermer la connexion.",
                    call=f"le client envoie « CALCUL {a} {b} », reçoit la réponse, puis « FIN »",
                    observed=reply.describe(),
                    expected="la connexion fermée par le serveur, sans réponse",
                    advice="sur la ligne FIN, sors de la boucle de lecture et ferme la "
                    "connexion avec writer.close()",
                )
        finally:
            await client.close()
        await check_still_serving(student, server, calc, rng, "après un FIN")


@dataclass
class Session:
    """Many test clients talking to the student's server at the same time."""

    asked: list[list[Pair]]
    replies: list[list[Reply]]

    @property
    def call(self) -> str:
        return f"{len(self.asked)} clients connectés en même temps"


async def talk(client: LineClient, pairs: list[Pair], first_wait: float) -> list[Reply]:
    """The first request alone, then the others in one go."""
    replies = [await client_exchange(client, pairs[0], first_wait)]
    if replies[0].text is None:
        return replies
    for a, b in pairs[1:]:
        client.send(f"CALCUL {a} {b}")
    for _ in pairs[1:]:
        replies.append(await client.receive(REPLY_LIMIT))
        if replies[-1].text is None:
            break
    return replies


async def client_exchange(client: LineClient, request: Pair, wait: float) -> Reply:
    client.send(f"CALCUL {request[0]} {request[1]}")
    return await client.receive(wait)


async def many_clients(
    student: Student, server: StudentServer, count: int, rng: random.Random, first_wait: float
) -> Session:
    asked = [[pair(rng) for _ in range(rng.randint(1, 3))] for _ in range(count)]
    clients = await connect_many(student, server.port, count)
    try:
        replies = await asyncio.gather(
            *(talk(c, p, first_wait) for c, p in zip(clients, asked, strict=True))
        )
    finally:
        await close_all(clients)
    return Session(asked, list(replies))


def check_every_reply(
    student: Student, server: StudentServer, calc: Calc, seen: Session, worst_lag: float
) -> None:
    missing = [(i, r[-1]) for i, r in enumerate(seen.replies) if r[-1].text is None]
    if missing:
        i, reply = missing[0]
        blocked = worst_lag > MAX_LAG
        student.fail(
            "Des clients n'ont pas reçu de réponse.",
            call=seen.call,
            observed=f"{len(missing)} client(s) sur {len(seen.asked)} sans réponse ; par "
            f"exemple le client n° {i + 1} : {reply.describe()}"
            + (
                f" ; la boucle est restée bloquée {french.decimal(worst_lag, 2)} s d'affilée"
                if blocked
                else ""
            )
            + server.crashes(),
            expected="une réponse à chaque ligne de chaque client",
            advice=BLOCKING_ADVICE if blocked else no_answer_advice(reply),
        )
    for i, (pairs, replies) in enumerate(zip(seen.asked, seen.replies, strict=True)):
        for (a, b), reply in zip(pairs, replies, strict=True):
            if not matches(reply, calc.ok(a, b)):
                student.fail(
                    "Un client a reçu une mauvaise réponse.",
                    call=f"{seen.call} ; le client n° {i + 1} envoie « CALCUL {a} {b} »",
                    observed=reply.describe(),
                    expected=f"« {calc.ok(a, b)} » (avec le résultat de calculer)",
                )


@pytest.mark.asyncio
async def test_des_centaines_de_clients_servis_en_meme_temps(
    student: Student, rng: random.Random
) -> None:
    count = rng.randint(*CLIENTS)
    raise_open_file_limit(count)
    calc = random_calc(rng)
    gate = Gate(count, SERVER_PATIENCE)
    service = GatedService(calc, gate)
    try:
        async with running_server(student, service.operation) as server, LagMonitor() as lag:
            seen = await many_clients(
                student, server, count, rng, first_wait=SERVER_PATIENCE + REPLY_LIMIT
            )
    finally:
        gate.release()
    # A server that answers nobody is told so first (check_every_reply).
    answered = any(replies[0].text is not None for replies in seen.replies)
    if answered and gate.seen < count:
        observed = (
            f"au plus {gate.seen} requête(s) en cours à la fois dans calculer, "
            f"pendant {french.number(SERVER_PATIENCE)} s"
        )
        if gate.waiting_on_lock:
            observed += (
                f" ; au même moment, {gate.waiting_on_lock} tâche(s) attendaient de "
                "prendre un verrou (asyncio.Lock)"
            )
        student.fail(
            "Les clients n'ont pas été servis en même temps.",
            call=f"{count} clients connectés, une requête chacun, qui attendent leur réponse",
            observed=observed,
            expected=f"les {count} requêtes en cours en même temps",
            advice="chaque connexion a sa propre coroutine gerer_client : pendant qu'elle "
            "attend calculer, les autres avancent ; pas de verrou ni de file d'attente "
            "commune à tous les clients, rien de bloquant",
        )
    check_every_reply(student, server, calc, seen, lag.worst)


@pytest.mark.asyncio
async def test_la_boucle_n_est_jamais_bloquee(student: Student, rng: random.Random) -> None:
    count = rng.randint(*CLIENTS)
    raise_open_file_limit(count)
    calc = random_calc(rng)
    async with (
        running_server(student, ungated(calc).operation) as server,
        LagMonitor() as lag,
    ):
        await many_clients(student, server, count, rng, first_wait=REPLY_LIMIT)
    record("10 pire retard de boucle, s", lag.worst, MAX_LAG, "upper")
    if lag.worst > MAX_LAG:
        student.fail(
            "La boucle d'événements a été bloquée pendant que le serveur répondait.",
            call=f"{count} clients connectés en même temps",
            observed=f"la boucle est restée {french.decimal(lag.worst, 2)} s d'affilée "
            "sans pouvoir rien faire",
            expected=f"une boucle jamais bloquée plus de {french.number(MAX_LAG)} s",
            advice=BLOCKING_ADVICE,
        )


# -- the student's client ---------------------------------------------------------


def responder(calc: Calc, refused: dict[Pair, str]) -> Callable[[str], str]:
    def respond(line: str) -> str:
        found = REQUEST.fullmatch(line)
        if not found:
            return "ERREUR requête mal formée"
        a, b = int(found[1]), int(found[2])
        if (a, b) in refused:
            return f"ERREUR {refused[a, b]}"
        return calc.ok(a, b)

    return respond


def results(calc: Calc, refused: dict[Pair, str], pairs: list[Pair]) -> list[int | None]:
    return [None if p in refused else calc(*p) for p in pairs]


def refuse_some(rng: random.Random, pairs: list[Pair], count: int) -> dict[Pair, str]:
    return {p: rng.choice(REFUSALS) for p in rng.sample(pairs, count)}


def check_lines_sent(student: Student, fake: CalcServer, call: str) -> None:
    for connection in fake.connections:
        for line in connection.lines:
            if line != "FIN" and not REQUEST.fullmatch(line):
                student.fail(
                    "Le client a envoyé une ligne hors du protocole.",
                    call=call,
                    observed=f"« {line} »",
                    expected="des lignes « CALCUL a b » (a et b entiers), puis « FIN »",
                    advice="writer.write(f'CALCUL {a} {b}\\n'.encode()) pour chaque paire",
                )


def client_crash_advice(exc: BaseException) -> str:
    return (
        "une réponse « ERREUR … » n'a pas de nombre : regarde d'abord le premier mot "
        "(OK ou ERREUR), et ne convertis avec int(...) que le nombre d'une réponse OK"
        if isinstance(exc, ValueError | IndexError)
        else "relis le protocole dans l'énoncé"
    )


@pytest.mark.asyncio
async def test_interroger_rend_un_entier_pour_ok_et_none_pour_erreur(
    student: Student, rng: random.Random
) -> None:
    interroger = student.function("interroger")
    calc = random_calc(rng)
    pairs = distinct_pairs(rng, rng.randint(5, 8))
    refused = refuse_some(rng, pairs, rng.randint(1, 2))
    call = f"interroger('{HOST}', port, {pairs})"
    async with CalcServer(responder(calc, refused)) as fake:
        done = await student.outcome(interroger(HOST, fake.port, list(pairs)), call=call, limit=5)
    replies = {p: responder(calc, refused)(f"CALCUL {p[0]} {p[1]}") for p in pairs}
    check_lines_sent(student, fake, call)
    if done.error is not None:
        student.fail(
            "interroger a levé une exception.",
            call=call,
            observed=describe_exception(done.error, student.tree),
            expected="la liste des résultats, sans exception",
            advice=client_crash_advice(done.error),
        )
    got, expected = done.value, results(calc, refused, pairs)
    if not isinstance(got, list | tuple) or len(got) != len(expected):
        student.fail(
            "interroger ne renvoie pas un résultat par calcul.",
            call=call,
            observed=repr(got)[:300],
            expected=f"une liste de {len(expected)} éléments : {expected}",
        )
    for p, value, wanted in zip(pairs, got, expected, strict=True):
        if value != wanted or type(value) is not type(wanted):
            student.fail(
                "interroger a mal lu une réponse du serveur.",
                call=call,
                observed=f"pour {p}, le serveur a répondu « {replies[p]} » et interroger a "
                f"donné {value!r}",
                expected=f"{wanted!r} ({'None pour ERREUR' if wanted is None else 'un int'})",
                advice="OK n donne l'entier n (int(...)), ERREUR … donne None",
            )


@pytest.mark.asyncio
async def test_interroger_utilise_une_connexion_et_la_ferme(
    student: Student, rng: random.Random
) -> None:
    interroger = student.function("interroger")
    calc = random_calc(rng)
    pairs = distinct_pairs(rng, rng.randint(3, 6))
    call = f"interroger('{HOST}', port, {pairs})"
    async with CalcServer(responder(calc, {})) as fake:
        with record_unclosed() as unclosed:
            await student.call(interroger(HOST, fake.port, list(pairs)), call=call, limit=5)
            closed = await fake.wait_all_ended(CLOSE_WAIT)
    connections = fake.connections
    if len(connections) != 1:
        student.fail(
            "interroger doit envoyer tous ses calculs sur une seule connexion.",
            call=call,
            observed=f"{len(connections)} connexion(s) ouverte(s)",
            expected="une seule connexion, ouverte par asyncio.open_connection",
        )
    sent = [line for line in connections[0].lines if line != "FIN"]
    wanted = [f"CALCUL {a} {b}" for a, b in pairs]
    if sent != wanted:
        student.fail(
            "Les lignes envoyées ne suivent pas le protocole.",
            call=call,
            observed=" | ".join(f"« {line} »" for line in connections[0].lines)[:400],
            expected=" | ".join(f"« {line} »" for line in wanted) + ", puis « FIN »",
            advice="une ligne « CALCUL a b » terminée par \\n pour chaque paire, dans l'ordre",
        )
    if not closed or unclosed:
        student.fail(
            "interroger a laissé sa connexion ouverte.",
            call=call,
            observed=f"connexion toujours ouverte {french.number(CLOSE_WAIT)} s après le retour "
            "d'interroger, sans FIN"
            if not closed
            else "la connexion n'a été fermée que par le ramasse-miettes de Python, qui "
            f"avertit : ResourceWarning: {unclosed[0][:60]}…",
            expected="FIN envoyé, puis la connexion fermée avant le retour d'interroger",
            advice="à la fin : writer.write(b'FIN\\n'), puis writer.close() et "
            "await writer.wait_closed()",
        )


def lots_of(rng: random.Random, count: int) -> list[list[Pair]]:
    pairs = distinct_pairs(rng, 3 * count)
    rng.shuffle(pairs)
    lots: list[list[Pair]] = []
    for _ in range(count):
        size = rng.randint(1, 3)
        lots.append(pairs[:size])
        del pairs[:size]
    return lots


@pytest.mark.asyncio
async def test_interroger_beaucoup_ouvre_toutes_les_connexions_en_meme_temps(
    student: Student, rng: random.Random
) -> None:
    interroger_beaucoup = student.function("interroger_beaucoup")
    count = rng.randint(*LOTS)
    raise_open_file_limit(count)
    calc = random_calc(rng)
    lots = lots_of(rng, count)
    gate = Gate(count, CLIENT_PATIENCE)
    call = f"interroger_beaucoup('{HOST}', port, <{count} lots de 1 à 3 calculs>)"
    async with CalcServer(responder(calc, {}), gate=gate) as fake:
        done = await student.outcome(
            interroger_beaucoup(HOST, fake.port, lots), call=call, limit=CLIENT_PATIENCE + 10
        )
    if gate.seen < count:
        student.fail(
            "Les connexions n'ont pas été ouvertes en même temps.",
            call=call,
            observed=f"au plus {gate.seen} connexion(s) ouverte(s) à la fois, pendant "
            f"{french.number(CLIENT_PATIENCE)} s",
            expected=f"les {count} connexions ouvertes en même temps",
            advice="crée une coroutine interroger(...) par lot, puis attends-les toutes "
            "ensemble avec asyncio.gather",
        )
    if done.error is not None:
        student.fail(
            "interroger_beaucoup a levé une exception.",
            call=call,
            observed=describe_exception(done.error, student.tree),
            expected="la liste des résultats de chaque lot",
        )


@pytest.mark.asyncio
async def test_interroger_beaucoup_rend_les_resultats_dans_l_ordre_des_lots(
    student: Student, rng: random.Random
) -> None:
    interroger_beaucoup = student.function("interroger_beaucoup")
    calc = random_calc(rng)
    count = rng.randint(15, 25)
    lots = lots_of(rng, count)
    refused = refuse_some(rng, [p for lot in lots for p in lot], 3)
    # Each lot has its own delay per request; lots end in another order than theirs.
    delays = [rng.uniform(0.001, 0.03) for _ in lots]
    while sorted(range(count), key=lambda i: delays[i] * len(lots[i])) == list(range(count)):
        rng.shuffle(delays)
    delay_of = {p: delays[i] for i, lot in enumerate(lots) for p in lot}

    def latency(line: str) -> float:
        found = REQUEST.fullmatch(line)
        return delay_of.get((int(found[1]), int(found[2])), 0.001) if found else 0.001

    call = f"interroger_beaucoup('{HOST}', port, <{count} lots de 1 à 3 calculs>)"
    async with CalcServer(responder(calc, refused), latency=latency) as fake:
        done = await student.outcome(
            interroger_beaucoup(HOST, fake.port, lots), call=call, limit=10
        )
    if done.error is not None:
        student.fail(
            "interroger_beaucoup a levé une exception.",
            call=call,
            observed=describe_exception(done.error, student.tree),
            expected="la liste des résultats de chaque lot",
            advice=client_crash_advice(done.error),
        )
    expected = [results(calc, refused, lot) for lot in lots]
    got = done.value
    if not isinstance(got, list | tuple) or not all(isinstance(r, list | tuple) for r in got):
        student.fail(
            "interroger_beaucoup ne renvoie pas une liste de listes.",
            call=call,
            observed=repr(got)[:300],
            expected="une liste : pour chaque lot, la liste de ses résultats",
        )
    got = [list(r) for r in got]
    if got == expected:
        if len(fake.connections) != count:
            student.fail(
                "Chaque lot doit avoir sa propre connexion.",
                call=call,
                observed=f"{len(fake.connections)} connexion(s) pour {count} lots",
                expected=f"{count} connexions, une par lot",
            )
        return
    if sorted(map(repr, got)) == sorted(map(repr, expected)):
        student.fail(
            "Les résultats ne sont pas rangés dans l'ordre des lots.",
            call=call,
            observed="les résultats des lots les plus rapides en premier",
            expected="le i-ème élément est la liste des résultats du i-ème lot",
            advice="asyncio.gather renvoie les résultats dans l'ordre de ses arguments ; "
            "asyncio.as_completed, lui, les donne dans l'ordre de fin",
        )
    differing = [i for i in range(min(len(got), count)) if got[i] != expected[i]]
    wrong = differing[0] if differing else min(len(got), count - 1)
    student.fail(
        "interroger_beaucoup ne renvoie pas les bons résultats.",
        call=call,
        observed=f"{len(got)} liste(s) ; pour le lot n° {wrong + 1} {lots[wrong]} : "
        f"{got[wrong] if wrong < len(got) else 'rien'}",
        expected=f"{count} listes ; pour ce lot : {expected[wrong]}",
        advice="OK n donne l'entier n, ERREUR … donne None",
    )

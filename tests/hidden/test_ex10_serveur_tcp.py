"""Exercice 10 — tests cachés (notés, jamais distribués aux élèves).

Tout passe par de vraies connexions TCP sur 127.0.0.1, port éphémère. Nombres,
service de calcul, lignes mal formées, refus et nombre de clients sont tirés
au hasard à chaque exécution.

Côté serveur, le test démarre le serveur de l'élève avec son propre
`calculer`, puis joue lui-même les clients :
- ligne par ligne : le client attend chaque réponse avant d'envoyer la ligne
  suivante (un serveur qui attend FIN ou la fin de la connexion ne répond
  jamais) ; la troisième ligne part en deux envois, coupée dans le mot
  CALCUL (« CALC », drain(), 20 ms de boucle, puis « UL a b\\n ») : un
  serveur qui prend ce que renvoie read() pour des lignes entières répond
  ERREUR à « CALC ». Sur 127.0.0.1, le premier morceau est déjà chez le
  serveur quand write() rend la main ; la pause laisse seulement tourner la
  boucle, et un serveur juste attend le \\n quelle qu'elle soit ;
- lignes mal formées : chacune reçoit `ERREUR …`, la connexion reste
  utilisable et le serveur sert encore un nouveau client ; parmi elles,
  toujours une ligne vide (« \\n » seul : un serveur qui prend la ligne
  vide, une fois strip() passé, pour la fin de la connexion la ferme) ;
- FIN : le serveur ferme la connexion, et sert encore un nouveau client ;
- 200 à 240 clients connectés en même temps, une requête chacun : `calculer`
  ne rend la main qu'une fois toutes ces requêtes en cours à la fois (mesure
  structurelle, indépendante de la vitesse de la machine) ; puis chaque
  client envoie 0 à 2 autres requêtes d'un coup et toutes les réponses sont
  vérifiées ;
- boucle jamais bloquée : un battement toutes les 5 ms mesure le pire retard
  de la boucle pendant une session de 200 à 240 clients.

- lignes envoyées d'un coup : 5 à 8 lignes dans un seul envoi, la première
  la plus longue à calculer et la dernière la plus rapide (une tâche par
  ligne répondrait dans l'ordre inverse) : les réponses, dans l'ordre ;
- un client qui ne lit pas (contre-pression, E7) : 800 lignes d'un coup,
  d'environ 4 Ko chacune (a et b de 2 000 chiffres), réponses d'environ 4 Ko
  (des entiers de 3 900 chiffres), petits tampons du système aux deux bouts
  et dans les deux sens (4 096 octets demandés ; sans eux, Linux les fait
  grandir jusqu'à plusieurs Mo et un serveur juste prendrait 1 047 lignes
  sur 2 000) ; on compte les appels à calculer et les octets que le serveur
  a pris à la connexion (ce que le système du client a accepté) jusqu'à ce
  qu'ils s'arrêtent (25 relevés de suite à 10 ms sans changement). Deux
  bornes : les lignes traitées (sans drain(), toutes) et les lignes lues
  d'avance, prises mais pas encore traitées (une tâche qui lit les lignes
  dans une file pendant qu'une autre répond avec drain() : toutes aussi ; un
  serveur juste s'arrête quand le StreamReader d'asyncio en a 128 Ko
  d'avance). Avec des lignes courtes, 800 lignes tiennent dans ces 128 Ko
  et les deux serveurs prennent tout : d'où les lignes longues. Puis le
  client lit toutes les réponses : chacune doit être OK (un serveur qui
  découpe ce que renvoie read(4096) en lignes coupe ces longues lignes) ;
- départ des clients (E5, E8) : un client ferme sa connexion en écriture et
  attend que le serveur ferme la sienne, un autre envoie FIN, un dernier
  ferme tout ; puis plus aucune tâche lancée depuis demarrer_serveur ne doit
  tourner, ni après le départ des clients, ni après serveur.close(). Une
  connexion que le code lâche sans la fermer, Python la ferme (avec un
  ResourceWarning) : ce n'est pas compté comme fermé, et le ramasse-miettes
  est suspendu pendant l'attente pour que le résultat ne dépende pas de lui.

Côté client, le test fait tourner son propre serveur, dont les connexions
sont servies par des tâches lancées avant l'appel (une tâche qu'asyncio
lancerait par connexion serait comptée parmi celles que l'appel laisse
derrière lui, règle C2) :
- interroger : entier pour OK, None pour ERREUR (le dernier calcul est
  toujours refusé, plus un autre), toutes les réponses rapides (un test)
  puis un calcul qui met 1,5 s (un second test) ; une seule
  connexion, les bonnes lignes dans l'ordre, dont une paire présente deux
  fois dans la liste, pas côte à côte (un client qui garde les réponses
  déjà reçues ne l'envoie qu'une fois) ; ce que le client a envoyé sur
  la connexion avant de la fermer se termine par FIN ; au retour
  d'interroger, plus aucune connexion ouverte vers le serveur du test ;
- interroger_beaucoup : le serveur du test ne répond qu'une fois les 100 à 120
  connexions ouvertes en même temps (moins de 128, la file d'attente d'un
  serveur sous macOS) ; les résultats sont rendus dans l'ordre des lots alors
  que les lots finissent dans le désordre.

Bornes de temps, mesurées par `python -m tools.maintainer.margins -k ex10` (médianes
de 7 exécutions ; machine à 2 cœurs au repos / avec les 2 cœurs occupés par
d'autres processus ; Python 3.11 et 3.13) :
- patience des portes, qui ne s'épuise que pour une réponse fausse (une
  réponse juste ouvre la porte dès que tout est en cours) : 0,75 s côté
  serveur, 1 s côté client. La solution a ses 240 requêtes en cours 0,001 s
  après la première (13 ms au pire sur 20 essais chargés) ; pendant le
  stress du 2026-12-06 (charge jusqu'à 8 sur 2 cœurs), la pire des 1 200
  notations de réponses justes a mis 0,149 s, 5 fois moins que 0,75 s. Elle
  ouvre ses 120 connexions en moins de 0,001 s (12 ms au pire). Une réponse
  séquentielle ne remplit jamais la porte. Côté serveur, le verdict est
  connu dès que la porte s'ouvre de force et qu'un client reçoit une
  réponse : le test s'arrête là, sans attendre les autres ;
- demarrer_serveur doit rendre le serveur en 0,5 s (START_LIMIT,
  tests/support/tcp_lines.py) : la solution le rend en moins de 0,001 s, au
  repos comme avec les 2 cœurs occupés (3.11) ; un serveur qui appelle
  serve_forever() ne rend jamais la main. Une fois, pas à chaque test ;
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
  2,44 / 2,63 s (3.13), soit ≥ 8 fois la borne ;
- contre-pression : un serveur qui attend drain() traite 48 lignes courtes
  sur 800 avant de s'arrêter (la solution et les 3 réponses justes, 8
  mesures sous 3.11 et 3.13, machine chargée à plus de 9 processus prêts
  pour 2 cœurs), et 54 ou 55 des lignes de 4 Ko (132 notations de la
  solution, des 5 autres réponses justes et des 5 du corpus aveugle, charge
  de 12 à 27 sur 2 cœurs, 3.11) ; sans drain(), les 800. Borne 400 : 7 fois
  la mesure, la moitié du total. Lignes lues d'avance, mêmes 132 notations :
  35 à 37 avec readline() (les 128 Ko du StreamReader, plus ce que gardent
  les petits tampons du système), 3 pour le serveur écrit avec un Protocol
  qui suspend la lecture ; une tâche de lecture à part en lit 745 (toutes).
  Borne 300 : 8 fois la mesure, 2,5 fois moins que la réponse fausse. Ce
  que les StreamReader du serveur gardent sans que le code l'ait lu est
  retiré du compte : un serveur juste qui agrandit le StreamReader
  (start_server(..., limit=2**20)) lit jusqu'à 2 Mo d'avance de cette façon,
  sans que ce soit son code qui les entasse ;
- 1,5 s pour un des calculs d'interroger : un client qui abandonne une
  réponse au bout d'une seconde est pris ; une réponse juste paie 1,5 s ;
- 0,5 s (CLOSE_WAIT) pour qu'une connexion soit fermée et que les tâches
  aient fini, après le départ des clients, après serveur.close() et après le
  retour d'interroger : sur 180 notations de la solution et des 5 réponses
  justes, charge de 16 à 20 sur 2 cœurs (3.11), au pire 0,065 s pour la
  fermeture et 0,055 s pour les tâches, 7,7 fois moins ; une réponse
  fausse paie toute l'attente (1 s avant le 6 décembre). La porte du client
  s'est ouverte au pire en 0,16 s dans les mêmes conditions : sa patience
  reste 1 s (marge 6).

Règles du cours (manifest.toml, `common`) : C1, C2 et C4 sont mesurées autour
de chaque appel d'interroger et d'interroger_beaucoup ; le serveur, lui, est
jugé par ses propres tests (boucle jamais bloquée : E6 ; rien qui tourne
après son départ : E8). C3 n'est pas retenue : le client ne lance pas de
tâche dont l'erreur pourrait se perdre sans que le résultat soit faux, et les
erreurs des coroutines du serveur sont citées par `server.crashes()`.
"""

from __future__ import annotations

import asyncio
import gc
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.clock import loop_sleep, monotonic
from tests.support.collector import no_garbage_collection
from tests.support.course_rules import LEFT_RUNNING
from tests.support.loop_lag import LagMonitor
from tests.support.measures import record
from tests.support.orphans import Leftovers, summarize
from tests.support.student import Student, describe_exception
from tests.support.tcp_lines import (
    HOST,
    REQUEST,
    CalcServer,
    Gate,
    GatedService,
    LineClient,
    Reply,
    StudentServer,
    catch_unclosed,
    close_all,
    connect_many,
    no_answer_advice,
    open_connections_to,
    raise_open_file_limit,
    record_unclosed,
    running_server,
    settled_count,
    wrong_reply_advice,
)
from tools.common import french

REPLY_LIMIT = 0.5
SERVER_PATIENCE = 0.75  # s; right answers had all their requests in calculer within 0.15 s
CLIENT_PATIENCE = 1.0  # s; right answers had all their connections open within 0.16 s (load of 20)
CLOSE_WAIT = 0.5  # s; right answers closed within 0.065 s, their tasks ended within 0.013 s
MAX_LAG = 0.3
SPLIT_PAUSE = 0.02  # s between the two pieces of a line (a structural wait: see send_in_two)
PIPELINE_SLOWEST = 0.03  # s, the first of the lines sent in one go
BIG_DIGITS = 3900  # digits of each result when the client does not read (under 4300)
UNREAD_LINES = 800
UNREAD_BOUND = 400  # lines a server may take while its replies do not leave
REQUEST_DIGITS = 2000  # digits of a and of b in each of those lines: lines of about 4 Ko
AHEAD_BOUND = 300  # lines a server may have read beyond those it answered

SMALL_BUFFER = 4096  # bytes of kernel buffer asked on both ends of that connection
SETTLE_POLLS = 25  # polls 10 ms apart without a new line taken: the server stopped
SETTLE_LIMIT = 5.0
SLOW_REPLY = 1.5  # s the test server takes to answer one of interroger's calculations
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
SPLIT_LINE_ADVICE = (
    "une ligne peut arriver en plusieurs morceaux : ce que renvoie reader.read() n'est pas "
    "forcément une ligne entière, ni une suite de lignes entières ; lis avec await "
    "reader.readline(), qui attend le \\n de la fin de la ligne"
)
EMPTY_LINE_ADVICE = (
    "une ligne vide est une ligne mal formée comme une autre, pas la fin de la connexion : "
    'readline() renvoie b"\\n" pour elle, et b"" seulement quand le client a fermé ; teste '
    "ce que renvoie readline() avant strip()"
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


def plain_pair(rng: random.Random) -> Pair:
    """Non-negative: the tests of the other promises than E2 must not fail a
    server for refusing negative numbers, which only E2's test judges."""
    return rng.randint(0, 999), rng.randint(0, 999)


def distinct_pairs(
    rng: random.Random, count: int, draw: Callable[[random.Random], Pair] = pair
) -> list[Pair]:
    pairs: dict[Pair, None] = {}
    while len(pairs) < count:
        pairs[draw(rng)] = None
    return list(pairs)


def ungated(calc: Calc) -> GatedService:
    return GatedService(calc, Gate.already_open())


def is_error(reply: Reply) -> bool:
    return reply.text is not None and reply.text.strip().startswith("ERREUR")


def matches(reply: Reply, expected: str) -> bool:
    return reply.text is not None and reply.text.strip() == expected


async def one_client(student: Student, server: StudentServer) -> LineClient:
    (client,) = await connect_many(student, server.port, 1)
    return client


# -- the student's server -------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.exigence("E1", "E2")
async def test_le_serveur_repond_a_chaque_ligne_des_qu_elle_arrive(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    async with running_server(student, ungated(calc).operation) as server:
        client = await one_client(student, server)
        try:
            for number in range(1, rng.randint(3, 6) + 1):
                a, b = pair(rng)
                if number <= 2:  # the edges, every run: a negative a, then a negative b
                    a, b = (-abs(a) or -1, b) if number == 1 else (abs(a), -abs(b) or -1)
                if number == 3:  # in two pieces, cut inside the word CALCUL
                    cut = rng.randint(2, 5)
                    reply = await send_in_two(client, f"CALCUL {a} {b}", cut)
                    if not matches(reply, calc.ok(a, b)):
                        student.fail(
                            "Mauvaise réponse à une ligne arrivée en deux morceaux.",
                            call=f"le client envoie « {'CALCUL'[:cut]} », puis un instant plus "
                            f"tard « {'CALCUL'[cut:]} {a} {b}\\n » : une seule ligne en deux "
                            "envois, puis il attend la réponse",
                            observed=reply.describe() + server.crashes(),
                            expected=f"« {calc.ok(a, b)} » (une ligne se termine par \\n, "
                            "quel que soit le nombre de morceaux)",
                            advice=SPLIT_LINE_ADVICE,
                            requirement="E2",
                        )
                    continue
                client.send(f"CALCUL {a} {b}")
                reply = await client.receive(REPLY_LIMIT)
                if not matches(reply, calc.ok(a, b)):
                    student.fail(
                        f"Mauvaise réponse à la ligne n° {number} d'un client qui attend "
                        "chaque réponse avant d'envoyer la ligne suivante.",
                        call=f"le client envoie « CALCUL {a} {b} » puis attend la réponse",
                        observed=reply.describe() + server.crashes(),
                        expected=f"« {calc.ok(a, b)} » (avec le résultat de calculer)",
                        advice=wrong_reply_advice(reply, a, b),
                        requirement="E2",
                    )
        finally:
            await client.close()


async def send_in_two(client: LineClient, line: str, cut: int) -> Reply:
    """`line` in two writes, `cut` characters then the rest: the first piece
    reaches the server alone (the loop runs meanwhile, and on 127.0.0.1 a
    write is in the other end's buffer when it returns), so that a server
    that takes what one read returned for whole lines sees « CALC »."""
    client.writer.write(line[:cut].encode())
    await client.writer.drain()
    await loop_sleep(SPLIT_PAUSE)
    client.send(line[cut:])
    return await client.receive(REPLY_LIMIT)


@pytest.mark.asyncio
@pytest.mark.exigence("E4")
async def test_une_ligne_mal_formee_recoit_une_erreur_et_la_connexion_continue(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)

    def malformed(template: str) -> str:
        return template.format(a=rng.randint(-99, 99), b=rng.randint(-99, 99), c=rng.randint(1, 9))

    bad = [malformed(t) for t in rng.sample(MALFORMED, 3)]
    # An empty line every time, not drawn: `readline()` gives b"\n" for it and
    # b"" only once the client has closed, which a server that tests the line
    # after strip() mixes up.
    script = [None, bad[0], None, bad[1], "", bad[2], None]  # None: a valid request
    async with running_server(student, ungated(calc).operation) as server:
        client = await one_client(student, server)
        try:
            sent: list[str] = []
            for item in script:
                if item is None:
                    a, b = plain_pair(rng)
                    line = f"CALCUL {a} {b}"
                    reply = await exchange(client, line)
                    good, expected = matches(reply, calc.ok(a, b)), f"« {calc.ok(a, b)} »"
                else:
                    line = item
                    reply = await exchange(client, line)
                    good, expected = is_error(reply), "une ligne « ERREUR <raison> »"
                shown = f"« {line} »" if line else "une ligne vide"
                if not good:
                    if not sent:
                        problem, advice = "Mauvaise réponse à la première ligne.", None
                    elif item == "":
                        problem = "Une ligne vide doit recevoir une réponse ERREUR."
                        advice = EMPTY_LINE_ADVICE
                    elif item is not None:
                        problem = "Une ligne mal formée doit recevoir une réponse ERREUR."
                        advice = MALFORMED_ADVICE
                    else:
                        problem = "Après une ligne mal formée, la connexion doit rester utilisable."
                        advice = MALFORMED_ADVICE
                    before = f" (après {', '.join(sent)})" if sent else ""
                    student.fail(
                        problem,
                        call=f"le client envoie {shown}{before}",
                        observed=reply.describe() + server.crashes(),
                        expected=expected,
                        advice=advice or no_answer_advice(reply),
                    )
                sent.append(shown)
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
        a, b = plain_pair(rng)
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
@pytest.mark.exigence("E5")
async def test_fin_ferme_la_connexion_et_le_serveur_continue(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    async with running_server(student, ungated(calc).operation) as server:
        client = await one_client(student, server)
        try:
            a, b = plain_pair(rng)
            reply = await exchange(client, f"CALCUL {a} {b}")
            if not matches(reply, calc.ok(a, b)):
                student.fail(
                    "Mauvaise réponse à la première ligne.",
                    call=f"le client envoie « CALCUL {a} {b} » puis attend la réponse",
                    observed=reply.describe() + server.crashes(),
                    expected=f"« {calc.ok(a, b)} »",
                    advice=no_answer_advice(reply),
                )
            with no_garbage_collection(), catch_unclosed() as dropped:
                reply = await exchange(client, "FIN")
            if not reply.closed or dropped:
                student.fail(
                    "FIN doit fermer la connexion.",
                    call=f"le client envoie « CALCUL {a} {b} », reçoit la réponse, puis « FIN »",
                    observed=reply.describe()
                    if not reply.closed
                    else "la connexion fermée seulement par Python, quand gerer_client a lâché "
                    f"son writer sans le fermer (ResourceWarning: {dropped[0][:50]}…)",
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


async def talk(
    client: LineClient, pairs: list[Pair], first_wait: float, replied: asyncio.Event | None
) -> list[Reply]:
    """The first request alone, then the others in one go; `replied` is set
    at the first reply."""
    replies = [await client_exchange(client, pairs[0], first_wait)]
    if replies[0].text is None:
        return replies
    if replied is not None:
        replied.set()
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
    student: Student,
    server: StudentServer,
    count: int,
    rng: random.Random,
    first_wait: float,
    replied: asyncio.Event | None = None,
) -> Session:
    asked = [[plain_pair(rng) for _ in range(rng.randint(1, 3))] for _ in range(count)]
    clients = await connect_many(student, server.port, count)
    try:
        replies = await asyncio.gather(
            *(talk(c, p, first_wait, replied) for c, p in zip(clients, asked, strict=True))
        )
    finally:
        await close_all(clients)
    return Session(asked, list(replies))


def check_every_reply(
    student: Student, server: StudentServer, calc: Calc, seen: Session, worst_lag: float
) -> None:
    missing = [(i, r[-1]) for i, r in enumerate(seen.replies) if r[-1].text is None]
    if missing:
        blocked = worst_lag > MAX_LAG
        # Replies missing only after a first one: the lines sent in one go.
        later = all(len(seen.replies[j]) > 1 for j, _ in missing)
        # Lines sent in one go that got ERREUR, then nothing: read as one line.
        merged = [(j, r) for j, r in missing if any(map(is_error, seen.replies[j][1:]))]
        i, reply = (merged or missing)[0]
        example = f"le client n° {i + 1} : {reply.describe()}"
        advice = no_answer_advice(reply)
        if merged and not blocked:
            got = " | ".join(r.describe() for r in seen.replies[i][1:-1])
            example = (
                f"le client n° {i + 1}, dont les {len(seen.asked[i]) - 1} lignes envoyées d'un "
                f"coup n'ont reçu que {got}, puis {reply.describe()}"
            )
            advice = (
                "plusieurs lignes peuvent arriver dans le même paquet : lis-les une par une "
                "avec await reader.readline(), qui coupe au \\n"
            )
        student.fail(
            "Des clients n'ont pas reçu de réponse.",
            call=seen.call,
            observed=f"{len(missing)} client(s) sur {len(seen.asked)} sans réponse ; par "
            f"exemple {example}"
            + (
                " ; la boucle d'événements a été bloquée "
                f"{french.decimal(worst_lag, 2)} s d'affilée"
                if blocked
                else ""
            )
            + server.crashes(),
            expected="une réponse à chaque ligne de chaque client",
            advice=BLOCKING_ADVICE if blocked else advice,
            requirement="E3" if later and not blocked else "E6",
        )
    for i, (pairs, replies) in enumerate(zip(seen.asked, seen.replies, strict=True)):
        for number, ((a, b), reply) in enumerate(zip(pairs, replies, strict=True)):
            if not matches(reply, calc.ok(a, b)):
                student.fail(
                    "Un client a reçu une mauvaise réponse.",
                    call=f"{seen.call} ; le client n° {i + 1} envoie « CALCUL {a} {b} »"
                    + (" avec d'autres lignes d'un coup" if number else ""),
                    observed=reply.describe(),
                    expected=f"« {calc.ok(a, b)} » (avec le résultat de calculer)",
                    requirement="E3" if number else "E6",
                )


@pytest.mark.asyncio
@pytest.mark.exigence("E6", "E3")
async def test_des_centaines_de_clients_servis_en_meme_temps(
    student: Student, rng: random.Random
) -> None:
    count = rng.randint(*CLIENTS)
    raise_open_file_limit(count)
    calc = random_calc(rng)
    gate = Gate(count, SERVER_PATIENCE)
    service = GatedService(calc, gate)
    replied = asyncio.Event()
    seen: Session | None = None
    try:
        async with running_server(student, service.operation) as server, LagMonitor() as lag:
            session = asyncio.ensure_future(
                many_clients(student, server, count, rng, SERVER_PATIENCE + REPLY_LIMIT, replied)
            )
            try:
                seen = await until_decided(session, gate, replied)
                if seen is None:
                    # The verdict is known: the server's queued calls need not
                    # take their latency one after another before it can close.
                    service.latency = 0.0
            finally:
                session.cancel()
                await asyncio.wait({session})
    finally:
        gate.release()
    if gate.opened_after is not None and not gate.forced:
        record("10 porte serveur, s", gate.opened_after, SERVER_PATIENCE, "upper")
    # A server that answers nobody is told so first (check_every_reply).
    answered = seen is None or any(replies[0].text is not None for replies in seen.replies)
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
            advice=served_together_advice(gate.seen, gate.waiting_on_lock),
            requirement="E6",
        )
    if seen is not None:  # None only when the failure above was certain
        check_every_reply(student, server, calc, seen, lag.worst)


def served_together_advice(most: int, waiting_on_lock: int) -> str:
    """What held the clients back, from what the gate saw: tasks waiting on a
    lock, a limit of `most` requests at once, or one request at a time."""
    if waiting_on_lock:
        cause = "un verrou commun à tous les clients les fait passer un par un"
    elif most > 1:
        cause = (
            f"quelque chose limite à {most} les requêtes servies ensemble (un "
            f"asyncio.Semaphore({most}), ou {most} tâches qui vident une file d'attente commune)"
        )
    else:
        cause = (
            "une seule requête avance à la fois : une file d'attente commune vidée par une "
            "seule tâche, ou un appel bloquant, fait attendre tous les autres clients"
        )
    return (
        f"{cause} ; chaque connexion a sa propre coroutine gerer_client : pendant qu'elle "
        "attend calculer, les autres avancent, sans limite de nombre : pas de verrou, pas de "
        "sémaphore ni de file d'attente commune à tous les clients, rien de bloquant"
    )


async def until_decided(
    session: asyncio.Future[Session], gate: Gate, replied: asyncio.Event
) -> Session | None:
    """The session, or None as soon as its verdict is known: the gate was
    forced open (the requests were not all in `calculer` at once) and a client
    got a reply (the server answers). Why wait for the other clients?"""
    decided = asyncio.ensure_future(replied.wait())
    either: list[asyncio.Future[Any]] = [session, decided]
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        decided.cancel()
    if not session.done() and gate.forced:
        return None
    # Otherwise the gate opened because all the requests were in calculer at
    # once, or the server answered without calling it: the whole session decides.
    return await session


@pytest.mark.asyncio
@pytest.mark.exigence("E6")
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


@pytest.mark.asyncio
@pytest.mark.exigence("E3")
async def test_des_lignes_envoyees_d_un_coup_recoivent_leurs_reponses_dans_l_ordre(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    pairs = distinct_pairs(rng, rng.randint(5, 8), plain_pair)
    # The first line is the slowest to compute, the last the quickest: answers
    # written as soon as each calculation ends would come back reversed.
    delay_of = {p: PIPELINE_SLOWEST * (len(pairs) - i) / len(pairs) for i, p in enumerate(pairs)}

    async def calculer(a: int, b: int) -> int:
        await loop_sleep(delay_of.get((a, b), 0.001))
        return calc(a, b)

    async with running_server(student, calculer) as server:
        client = await one_client(student, server)
        try:
            client.writer.write("".join(f"CALCUL {a} {b}\n" for a, b in pairs).encode())
            replies = [await client.receive(REPLY_LIMIT) for _ in pairs]
        finally:
            await client.close()
    expected = [calc.ok(a, b) for a, b in pairs]
    got = [r.text.strip() if r.text is not None else None for r in replies]
    if got == expected:
        return
    call = f"le client envoie {len(pairs)} lignes « CALCUL a b » d'un coup, puis lit les réponses"
    if sorted(map(str, got)) == sorted(expected):
        student.fail(
            "Les réponses ne sont pas revenues dans l'ordre des lignes.",
            call=call,
            observed=" | ".join(f"« {g} »" for g in got),
            expected=" | ".join(f"« {e} »" for e in expected),
            advice="la première ligne demandait le calcul le plus long : réponds à une ligne "
            "avant de lire la suivante, dans la même boucle, plutôt que de lancer une tâche "
            "par ligne",
        )
    wrong = next(i for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e)
    reply = replies[wrong]
    student.fail(
        f"Mauvaise réponse à la ligne n° {wrong + 1} de lignes envoyées d'un coup.",
        call=call,
        observed=reply.describe() + server.crashes(),
        expected=f"« {expected[wrong]} »",
        advice="plusieurs lignes peuvent arriver dans le même paquet : lis-les une par une "
        "avec await reader.readline(), qui coupe au \\n"
        if reply.text is not None and wrong == 0
        else wrong_reply_advice(reply, *pairs[wrong]),
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E7")
async def test_un_client_qui_ne_lit_pas_ne_fait_pas_s_entasser_les_reponses(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    big = rng.randrange(10 ** (BIG_DIGITS - 1), 10**BIG_DIGITS)  # ~4 Ko par réponse
    # Long lines, all of the same length (the lines the server took from the
    # connection are counted in bytes): a and b of REQUEST_DIGITS digits, each
    # a random head on a random tail drawn once (an int's str() is slow).
    tail_a, tail_b = (
        str(rng.randrange(10 ** (REQUEST_DIGITS - 1), 10**REQUEST_DIGITS))[3:] for _ in "ab"
    )
    pairs = [
        (f"{rng.randint(100, 999)}{tail_a}", f"{rng.randint(100, 999)}{tail_b}")
        for _ in range(UNREAD_LINES)
    ]
    lines = [f"CALCUL {a} {b}" for a, b in pairs]
    request = "".join(f"{line}\n" for line in lines).encode()
    line_size = len(request) // UNREAD_LINES
    calls = 0

    async def calculer(a: int, b: int) -> int:
        nonlocal calls
        calls += 1
        return big + calc(a, b)

    async with running_server(student, calculer) as server:
        server.clamp_buffers(SMALL_BUFFER)
        (client,) = [await LineClient.connect(server.port, small_buffers=SMALL_BUFFER)]

        def taken() -> int:
            """Bytes of the request the client's kernel accepted: the server
            took them but for the few its kernel buffers (SMALL_BUFFER at
            each end) hold."""
            return len(request) - client.writer.transport.get_write_buffer_size()

        def buffered() -> int:
            """Bytes the server's StreamReaders hold unread: taken from the
            connection by asyncio's own read-ahead (twice their `limit`), not
            by the student's code; a right server started with a larger limit
            reads further ahead this way, and is not blamed for it."""
            return sum(
                len(getattr(reader, "_buffer", b""))  # private, the same from 3.4 to 3.15
                for reader in gc.get_objects()
                if isinstance(reader, asyncio.StreamReader) and reader is not client.reader
            )

        try:
            client.writer.write(request)
            # The client reads nothing until the server stops calling
            # calculer and taking lines.
            await settled_count(
                lambda: calls + taken(),
                UNREAD_LINES + len(request),
                quiet=SETTLE_POLLS,
                limit=SETTLE_LIMIT,
            )
            processed, ahead = calls, (taken() - buffered()) // line_size - calls
            # Then it reads every reply: the server must go on, and end cleanly.
            first = await client.receive(REPLY_LIMIT)
            garbled: tuple[int, Reply] | None = None  # the first reply that is not OK
            for number in range(2, UNREAD_LINES + 1):
                reply = await client.receive(REPLY_LIMIT)
                if reply.text is None:
                    break
                if garbled is None and not reply.text.startswith("OK "):
                    garbled = number, reply
        finally:
            await client.close()
    call = (
        f"un client envoie {UNREAD_LINES} lignes « CALCUL a b » d'un coup (environ "
        f"{round(line_size / 1000)} Ko chacune, réponses d'environ {round(BIG_DIGITS / 1000)} "
        "Ko), puis ne lit rien"
    )
    record("10 lignes traitées sans lecture du client", processed, UNREAD_BOUND, "upper")
    if processed >= UNREAD_BOUND:
        size = french.decimal(processed * (BIG_DIGITS + 4) / 1e6, 1)
        student.fail(
            "Ton serveur entasse ses réponses en mémoire quand le client ne les lit pas.",
            call=call,
            observed=f"ton serveur a traité {processed} lignes sur {UNREAD_LINES} et gardé "
            f"leurs réponses (environ {size} Mo) en attente d'envoi",
            expected=f"le serveur cesse de lire les lignes dès que ses réponses ne partent "
            f"plus (une cinquantaine au plus, jamais {UNREAD_BOUND})",
            advice="après writer.write(...), attends await writer.drain() avant de lire la "
            "ligne suivante : drain() attend que les réponses déjà écrites puissent partir",
        )
    if not matches(first, f"OK {big + calc(int(pairs[0][0]), int(pairs[0][1]))}"):
        student.fail(
            "Mauvaise réponse d'un serveur dont le client lit en retard.",
            call=f"un client envoie {UNREAD_LINES} lignes « CALCUL a b » d'un coup, puis lit",
            observed=first.describe()[:200] + server.crashes(),
            expected="« OK <résultat de calculer> » pour la première ligne",
            advice=no_answer_advice(first),
            requirement="E2",
        )
    if garbled is not None:
        number, reply = garbled
        student.fail(
            "Mauvaise réponse à une longue ligne, arrivée en plusieurs morceaux.",
            call=f"un client envoie {UNREAD_LINES} lignes « CALCUL a b » d'un coup (environ "
            f"{round(line_size / 1000)} Ko chacune), puis lit les réponses",
            observed=f"réponse n° {number} : {reply.describe()[:200]}" + server.crashes(),
            expected=f"« OK <résultat de calculer> » pour chacune des {UNREAD_LINES} lignes",
            advice=SPLIT_LINE_ADVICE,
            requirement="E3",
        )
    record("10 lignes lues d'avance sans lecture du client", ahead, AHEAD_BOUND, "upper")
    if ahead >= AHEAD_BOUND:
        size = french.decimal(ahead * line_size / 1e6, 1)
        student.fail(
            "Ton serveur lit les lignes d'avance et les entasse en mémoire quand le client "
            "ne lit pas ses réponses.",
            call=call,
            observed=f"ton serveur a répondu à {processed} lignes, puis a cessé de répondre, "
            f"mais il a continué à lire : {ahead} autres lignes (environ {size} Mo) lues "
            "d'avance attendent leur tour dans sa mémoire",
            expected="le serveur cesse de lire dès que ses réponses ne partent plus : les "
            "lignes suivantes restent dans la connexion, et c'est le client qui attend (asyncio "
            "n'en lit d'avance que 128 Ko environ, une trentaine de lignes ici ; jamais "
            f"{AHEAD_BOUND})",
            advice="ne lis pas les lignes dans une tâche à part qui les range dans une file "
            "(asyncio.Queue, liste…) : dans une seule boucle, lis une ligne avec await "
            "reader.readline(), réponds-y (writer.write(...) puis await writer.drain()), et "
            "seulement ensuite lis la suivante",
        )


@pytest.mark.asyncio
@pytest.mark.exigence("E5", "E8")
async def test_quand_ses_clients_partent_le_serveur_ferme_et_ne_laisse_rien_tourner(
    student: Student, rng: random.Random
) -> None:
    calc = random_calc(rng)
    server_started: Leftovers | None = None
    try:
        async with running_server(student, ungated(calc).operation) as server:
            server_started = server.leftovers
            half, fin, gone = await connect_many(student, server.port, 3)
            try:
                for client in (half, fin, gone):
                    a, b = plain_pair(rng)
                    reply = await exchange(client, f"CALCUL {a} {b}")
                    if not matches(reply, calc.ok(a, b)):
                        student.fail(
                            "Mauvaise réponse à la première ligne.",
                            call=f"le client envoie « CALCUL {a} {b} » puis attend la réponse",
                            observed=reply.describe() + server.crashes(),
                            expected=f"« {calc.ok(a, b)} »",
                            advice=no_answer_advice(reply),
                            requirement="E2",
                        )
                # One client says it has nothing more to send (it closes its
                # side, as close() does) but keeps reading; one sends FIN; one
                # closes outright.
                left = monotonic()
                half.writer.write_eof()
                fin.send("FIN")
                await gone.close()
                with no_garbage_collection(), catch_unclosed() as dropped:
                    after_eof = await half.receive(CLOSE_WAIT)
                if after_eof.closed:
                    record("10 fermeture après le départ du client, s", monotonic() - left,
                           CLOSE_WAIT, "upper")  # fmt: skip
            finally:
                await close_all([half, fin, gone])
            if not after_eof.closed or dropped:
                student.fail(
                    "Quand le client ferme sa connexion, ton serveur doit fermer la sienne.",
                    call=f"le client envoie « CALCUL {a} {b} », reçoit la réponse, puis ferme "
                    "sa connexion en écriture (il n'enverra plus rien) et attend",
                    observed=after_eof.describe()
                    if not after_eof.closed
                    else "la connexion fermée seulement par Python, quand gerer_client a "
                    f"lâché son writer sans le fermer (ResourceWarning: {dropped[0][:50]}…)",
                    expected="la connexion fermée par le serveur",
                    advice='quand await reader.readline() renvoie b"", le client a fermé : '
                    "sors de la boucle et ferme la connexion avec writer.close()",
                    requirement="E5",
                )
            assert server_started is not None
            settling = monotonic()
            running = await server_started.settle(CLOSE_WAIT)
            if not running:
                record("10 tâches finies après le départ des clients, s", monotonic() - settling,
                       CLOSE_WAIT, "upper")  # fmt: skip
            if running:
                student.fail(
                    "Ton serveur fait encore tourner des tâches alors que tous ses clients "
                    "sont partis.",
                    call="trois clients se connectent, envoient une ligne, puis s'en vont "
                    "(FIN, fermeture en écriture, fermeture)",
                    observed=f"{french.number(CLOSE_WAIT)} s après leur départ, toujours en "
                    f"cours : {summarize(running)}",
                    expected="chaque coroutine gerer_client terminée quand son client est parti",
                    advice='sors de la boucle de lecture sur FIN et sur b"", et attends (ou '
                    "annule puis attends) toute tâche que gerer_client lance pour son client",
                    requirement="E8",
                )
        assert server_started is not None
        settling = monotonic()
        running = await server_started.settle(CLOSE_WAIT)
        if not running:
            record("10 tâches finies après la fermeture du serveur, s", monotonic() - settling,
                   CLOSE_WAIT, "upper")  # fmt: skip
        if running:
            student.fail(
                "Le serveur est fermé, mais des tâches qu'il a lancées tournent encore.",
                call="serveur.close() puis await serveur.wait_closed(), une fois tous les "
                "clients partis",
                observed=f"{french.number(CLOSE_WAIT)} s après la fermeture, toujours en cours : "
                f"{summarize(running)}",
                expected="plus rien de ce que le serveur a lancé ne tourne",
                advice="chaque connexion a sa coroutine gerer_client, qui suffit : pas de tâche "
                "de fond qui tourne sans fin à côté du serveur",
                requirement="E8",
            )
    finally:
        if server_started is not None:
            await server_started.cancel()  # what a wrong answer left must not outlive the test


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
                    requirement="E9",
                )


def client_crash_advice(exc: BaseException) -> str:
    return (
        "une réponse « ERREUR … » n'a pas de nombre : regarde d'abord le premier mot "
        "(OK ou ERREUR), et ne convertis avec int(...) que le nombre d'une réponse OK"
        if isinstance(exc, ValueError | IndexError)
        else "relis le protocole dans l'énoncé"
    )


@pytest.mark.asyncio
@pytest.mark.exigence("E10", "E9")
@pytest.mark.parametrize("slow_reply", [False, True], ids=["rapides", "reponse_lente"])
async def test_interroger_rend_un_entier_pour_ok_et_none_pour_erreur(
    student: Student, rng: random.Random, slow_reply: bool
) -> None:
    # Two cases, two tests: a reply misread is seen in 0,1 s when every reply
    # is quick; one reply SLOW_REPLY late only catches a client with a read
    # timeout. The grading's order (tests/hidden/ordre.py) chooses.
    await check_replies_read(student, rng, with_slow_reply=slow_reply)


async def check_replies_read(student: Student, rng: random.Random, with_slow_reply: bool) -> None:
    interroger = student.function("interroger")
    calc = random_calc(rng)
    pairs = distinct_pairs(rng, rng.randint(5, 8))
    # The last calculation is always refused, and one other; with
    # `with_slow_reply`, one of the accepted ones takes the server SLOW_REPLY seconds.
    refused = refuse_some(rng, pairs[:-1], 1) | refuse_some(rng, pairs[-1:], 1)
    slow = rng.choice([p for p in pairs if p not in refused]) if with_slow_reply else None
    slow_line = f"CALCUL {slow[0]} {slow[1]}" if slow else None
    call = f"interroger('{HOST}', port, {pairs})"
    async with CalcServer(
        responder(calc, refused),
        latency=lambda line: SLOW_REPLY if line == slow_line else 0.001,
    ) as fake:
        done = await student.outcome(
            interroger(HOST, fake.port, list(pairs)), call=call, limit=SLOW_REPLY + 5
        )
    student.fail_if_broken(LEFT_RUNNING)
    replies = {p: responder(calc, refused)(f"CALCUL {p[0]} {p[1]}") for p in pairs}
    check_lines_sent(student, fake, call)
    if done.error is not None:
        student.fail(
            "interroger a levé une exception.",
            call=call,
            observed=describe_exception(done.error, student.tree),
            expected="la liste des résultats, sans exception",
            advice=client_crash_advice(done.error),
            requirement="E10",
        )
    got, expected = done.value, results(calc, refused, pairs)
    if not isinstance(got, list | tuple) or len(got) != len(expected):
        student.fail(
            "interroger ne renvoie pas un résultat par calcul.",
            call=call,
            observed=repr(got)[:300],
            expected=f"une liste de {len(expected)} éléments : {expected}",
            requirement="E10",
        )
    for p, value, wanted in zip(pairs, got, expected, strict=True):
        if value != wanted or type(value) is not type(wanted):
            student.fail(
                "interroger a mal lu une réponse du serveur.",
                call=call,
                observed=f"pour {p}, le serveur a répondu « {replies[p]} »"
                + (f" (au bout de {french.number(SLOW_REPLY)} s)" if p == slow else "")
                + f" et interroger a donné {value!r}",
                expected=f"{wanted!r} ({'None pour ERREUR' if wanted is None else 'un int'})",
                advice="le service peut être lent : attends chaque réponse, sans délai maximal "
                "qui la changerait en None"
                if p == slow and value is None
                else "OK n donne l'entier n (int(...)), ERREUR … donne None",
                requirement="E10",
            )


@pytest.mark.asyncio
@pytest.mark.exigence("E9", "E11")
async def test_interroger_utilise_une_connexion_et_la_ferme(
    student: Student, rng: random.Random
) -> None:
    interroger = student.function("interroger")
    calc = random_calc(rng)
    pairs = distinct_pairs(rng, rng.randint(3, 6))
    # One pair listed twice, not next to itself: a line for each pair of the
    # list, the repeated one too (a client that remembers its answers sends it once).
    repeated = rng.randrange(len(pairs) - 1)
    pairs.insert(rng.randint(repeated + 2, len(pairs)), pairs[repeated])
    call = f"interroger('{HOST}', port, {pairs})"
    open_at_return: list[int] = []
    dropped: list[str] = []

    async def noting_open_connections() -> object:
        with catch_unclosed() as found:
            try:
                result = await interroger(HOST, fake.port, list(pairs))
            finally:
                open_at_return.append(open_connections_to(fake.port))
        dropped.extend(found)
        return result

    async with CalcServer(responder(calc, {})) as fake:
        with record_unclosed() as unclosed:
            await student.call(noting_open_connections(), call=call, limit=5)
            returned = monotonic()
            closed = await fake.wait_all_ended(CLOSE_WAIT)
            if closed:
                record("10 connexion d'interroger finie après son retour, s",
                       monotonic() - returned, CLOSE_WAIT, "upper")  # fmt: skip
    student.fail_if_broken(LEFT_RUNNING)
    connections = fake.connections
    if len(connections) != 1:
        student.fail(
            "interroger doit envoyer tous ses calculs sur une seule connexion.",
            call=call,
            observed=f"{len(connections)} connexion(s) ouverte(s)",
            expected="une seule connexion, ouverte par asyncio.open_connection",
            requirement="E9",
        )
    sent = [line for line in connections[0].lines if line != "FIN"]
    wanted = [f"CALCUL {a} {b}" for a, b in pairs]
    if sent != wanted:
        once = sent == list(dict.fromkeys(wanted))  # the repeated pair sent only once
        student.fail(
            "Une paire présente deux fois dans la liste n'a été envoyée qu'une fois."
            if once
            else "Les lignes envoyées ne suivent pas le protocole.",
            call=call,
            observed=" | ".join(f"« {line} »" for line in connections[0].lines)[:400],
            expected=" | ".join(f"« {line} »" for line in wanted) + ", puis « FIN »",
            advice=f"la paire {pairs[repeated]} figure deux fois dans calculs : envoie une "
            "ligne « CALCUL a b » par élément de la liste, même répété, sans garder les "
            "réponses déjà reçues (le service peut répondre autre chose la seconde fois)"
            if once
            else "une ligne « CALCUL a b » terminée par \\n pour chaque paire, dans l'ordre",
            requirement="E9",
        )
    connection = connections[0]
    if closed and connection.ended != "FIN":
        last = connection.lines[-1] if connection.lines else None
        student.fail(
            "interroger a fermé sa connexion sans envoyer FIN.",
            call=call,
            observed="la connexion fermée par le client juste après "
            + (f"« {last} »" if last is not None else "son ouverture, sans aucune ligne")
            + (" (coupée brutalement)" if connection.ended == "coupée" else "")
            + ", sans ligne « FIN »",
            expected="la ligne « FIN », puis la connexion fermée",
            advice="avant writer.close(), envoie la ligne de fin : writer.write(b'FIN\\n') "
            "puis await writer.drain()",
            requirement="E11",
        )
    unclosed += dropped
    if not closed or unclosed or open_at_return[0]:
        student.fail(
            "interroger a laissé sa connexion ouverte.",
            call=call,
            observed=f"connexion toujours ouverte {french.number(CLOSE_WAIT)} s après le retour "
            "d'interroger, sans FIN"
            if not closed
            else "la connexion toujours ouverte de ton côté au moment où interroger rend la "
            "main (writer.close() n'a pas été appelé)"
            if open_at_return[0]
            else "la connexion n'a été fermée que par le ramasse-miettes de Python, qui "
            f"avertit : ResourceWarning: {unclosed[0][:60]}…",
            expected="FIN envoyé, puis la connexion fermée avant le retour d'interroger",
            advice="à la fin : writer.write(b'FIN\\n'), puis writer.close() et "
            "await writer.wait_closed()",
            requirement="E11",
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
@pytest.mark.exigence("E12")
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
    async with CalcServer(responder(calc, {}), gate=gate, handlers=count + 8) as fake:
        done = await student.outcome(
            interroger_beaucoup(HOST, fake.port, lots), call=call, limit=CLIENT_PATIENCE + 10
        )
    student.fail_if_broken(LEFT_RUNNING)
    if gate.opened_after is not None and not gate.forced:
        record("10 porte client, s", gate.opened_after, CLIENT_PATIENCE, "upper")
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
@pytest.mark.exigence("E13", "E12")
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
    async with CalcServer(responder(calc, refused), latency=latency, handlers=count + 8) as fake:
        done = await student.outcome(
            interroger_beaucoup(HOST, fake.port, lots), call=call, limit=10
        )
    student.fail_if_broken(LEFT_RUNNING)
    if done.error is not None:
        student.fail(
            "interroger_beaucoup a levé une exception.",
            call=call,
            observed=describe_exception(done.error, student.tree),
            expected="la liste des résultats de chaque lot",
            advice=client_crash_advice(done.error),
            requirement="E13",
        )
    expected = [results(calc, refused, lot) for lot in lots]
    got = done.value
    if not isinstance(got, list | tuple) or not all(isinstance(r, list | tuple) for r in got):
        student.fail(
            "interroger_beaucoup ne renvoie pas une liste de listes.",
            call=call,
            observed=repr(got)[:300],
            expected="une liste : pour chaque lot, la liste de ses résultats",
            requirement="E13",
        )
    got = [list(r) for r in got]
    if got == expected:
        if len(fake.connections) != count:
            student.fail(
                "Chaque lot doit avoir sa propre connexion.",
                call=call,
                observed=f"{len(fake.connections)} connexion(s) pour {count} lots",
                expected=f"{count} connexions, une par lot",
                requirement="E12",
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
            requirement="E13",
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
        requirement="E13",
    )

"""Exercice 10 — tests publics : lance-les avec `nox -- 10`.

De vrais clients parlent à ton serveur, et un vrai serveur à ton client, en
TCP sur 127.0.0.1. Le `calculer` donné au serveur fait simplement a + b.
"""

import asyncio

import pytest

from tests.support.course_rules import LEFT_RUNNING
from tests.support.student import Student, describe_exception
from tests.support.tcp_lines import (
    HOST,
    REQUEST,
    CalcServer,
    Gate,
    GatedService,
    close_all,
    connect_many,
    no_answer_advice,
    running_server,
    wrong_reply_advice,
)


def addition() -> GatedService:
    return GatedService(lambda a, b: a + b, Gate.already_open())


def respond(line: str) -> str:
    """The test server: `ERREUR` for 1000 + anything, else `OK a+b`."""
    found = REQUEST.fullmatch(line)
    if not found:
        return "ERREUR requête mal formée"
    a, b = int(found[1]), int(found[2])
    return "ERREUR nombre trop grand" if a == 1000 else f"OK {a + b}"


@pytest.mark.asyncio
async def test_le_serveur_repond_a_chaque_ligne(student: Student) -> None:
    async with running_server(student, addition().operation) as server:
        (client,) = await connect_many(student, server.port, 1)
        try:
            for a, b in [(2, 3), (10, -4)]:
                line, expected = f"CALCUL {a} {b}", f"OK {a + b}"
                client.send(line)
                reply = await client.receive(0.5)
                if reply.text != expected:
                    student.fail(
                        "Mauvaise réponse du serveur.",
                        call=f"le client envoie « {line} » puis attend la réponse",
                        observed=reply.describe() + server.crashes(),
                        expected=f"« {expected} »",
                        advice=wrong_reply_advice(reply, a, b),
                    )
        finally:
            await client.close()


@pytest.mark.asyncio
async def test_une_ligne_mal_formee_recoit_erreur(student: Student) -> None:
    async with running_server(student, addition().operation) as server:
        (client,) = await connect_many(student, server.port, 1)
        try:
            client.send("CALCUL trois 4")
            reply = await client.receive(0.5)
            if reply.text is None or not reply.text.startswith("ERREUR"):
                student.fail(
                    "Une ligne mal formée doit recevoir une réponse ERREUR.",
                    call="le client envoie « CALCUL trois 4 »",
                    observed=reply.describe() + server.crashes(),
                    expected="une ligne « ERREUR <raison> »",
                    advice=no_answer_advice(reply)
                    if reply.text is None and not reply.closed
                    else "int('trois') lève ValueError : entoure int(...) d'un try/except "
                    "ValueError et réponds ERREUR <raison>",
                )
            client.send("CALCUL 1 1")
            reply = await client.receive(0.5)
            if reply.text != "OK 2":
                student.fail(
                    "Après une ligne mal formée, la connexion doit rester utilisable.",
                    call="le client envoie « CALCUL trois 4 », puis « CALCUL 1 1 »",
                    observed=reply.describe() + server.crashes(),
                    expected="« OK 2 »",
                )
        finally:
            await client.close()


@pytest.mark.asyncio
async def test_vingt_clients_servis_en_meme_temps(student: Student) -> None:
    # calculer ne répond qu'une fois les 20 requêtes en cours en même temps.
    gate = Gate(20, patience=1.0)
    service = GatedService(lambda a, b: a + b, gate)
    try:
        async with running_server(student, service.operation) as server:
            clients = await connect_many(student, server.port, 20)
            try:
                for i, client in enumerate(clients):
                    client.send(f"CALCUL {i} {i}")
                replies = await asyncio.gather(*(c.receive(1.5) for c in clients))
            finally:
                await close_all(clients)
    finally:
        gate.release()
    if service.calls and gate.seen < 20:
        student.fail(
            "Les clients n'ont pas été servis en même temps.",
            call="20 clients envoient chacun « CALCUL i i » en même temps",
            observed=f"au plus {gate.seen} requête(s) en cours à la fois dans calculer",
            expected="les 20 requêtes en cours en même temps",
            advice="chaque connexion a sa coroutine gerer_client ; rien ne doit bloquer la "
            "boucle ni faire attendre un client pour un autre",
        )
    got = [r.text for r in replies]
    expected = [f"OK {2 * i}" for i in range(20)]
    if got != expected:
        student.fail(
            "Les 20 clients n'ont pas tous reçu la bonne réponse.",
            call="20 clients envoient chacun « CALCUL i i » en même temps",
            observed=", ".join(r.describe() for r in replies[:3]) + ", …" + server.crashes(),
            expected=", ".join(f"« {e} »" for e in expected[:3]) + ", …",
            advice="réponds à chaque ligne dès qu'elle arrive, sans attendre FIN ni la fin "
            "de la connexion",
        )


@pytest.mark.asyncio
async def test_interroger(student: Student) -> None:
    interroger = student.function("interroger")
    calculs = [(2, 3), (1000, 1), (-4, 10)]
    call = f"interroger('{HOST}', port, {calculs})"
    async with CalcServer(respond) as fake:
        done = await student.outcome(interroger(HOST, fake.port, calculs), call=call, limit=5)
    student.fail_if_broken(LEFT_RUNNING)
    if done.error is not None:
        student.fail(
            "interroger a levé une exception.",
            call=call,
            observed=describe_exception(done.error, student.tree),
            expected="[5, None, 6]",
            advice="le serveur répond « OK 5 », « ERREUR nombre trop grand », « OK 6 » : "
            "regarde le premier mot avant de convertir le nombre",
        )
    if done.value != [5, None, 6]:
        student.fail(
            "interroger n'a pas bien lu les réponses du serveur.",
            call=call,
            observed=repr(done.value),
            expected="[5, None, 6] (OK n donne l'entier n, ERREUR … donne None)",
        )


@pytest.mark.asyncio
async def test_interroger_beaucoup_en_meme_temps(student: Student) -> None:
    interroger_beaucoup = student.function("interroger_beaucoup")
    lots = [[(i, 1), (i, 2)] for i in range(20)]
    call = f"interroger_beaucoup('{HOST}', port, [[(0, 1), (0, 2)], [(1, 1), (1, 2)], …])"
    # The test server answers only once the 20 connections are open at the same time.
    gate = Gate(20, patience=1.0)
    async with CalcServer(respond, gate=gate, handlers=28) as fake:
        done = await student.outcome(
            interroger_beaucoup(HOST, fake.port, lots), call=call, limit=15
        )
    student.fail_if_broken(LEFT_RUNNING)
    if gate.seen < 20:
        student.fail(
            "Les connexions n'ont pas été ouvertes en même temps.",
            call=call,
            observed=f"au plus {gate.seen} connexion(s) ouverte(s) à la fois",
            expected="les 20 connexions ouvertes en même temps",
            advice="lance tous les interroger(...) ensemble avec asyncio.gather",
        )
    expected = [[i + 1, i + 2] for i in range(20)]
    got = done.value
    if (
        done.error is None
        and isinstance(got, list | tuple)
        and list(got) != expected
        and sorted(map(repr, got)) == sorted(map(repr, expected))
    ):
        student.fail(
            "Les résultats ne sont pas rangés dans l'ordre des lots.",
            call=call,
            observed=repr(got)[:200],
            expected="[[1, 2], [2, 3], [3, 4], …] : le i-ème élément est la liste des résultats "
            "du i-ème lot",
            advice="asyncio.gather renvoie les résultats dans l'ordre de ses arguments ; "
            "asyncio.as_completed, lui, les donne dans l'ordre de fin",
        )
    if done.error is not None or done.value != expected:
        student.fail(
            "interroger_beaucoup ne renvoie pas les bons résultats.",
            call=call,
            observed=describe_exception(done.error, student.tree)
            if done.error is not None
            else repr(done.value)[:200],
            expected="[[1, 2], [2, 3], [3, 4], …] : les résultats de chaque lot, dans l'ordre",
        )

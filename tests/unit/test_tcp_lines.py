"""The TCP tools of exercise 10 see what they claim, on known good and bad peers."""

import asyncio

import pytest

from tests.support.tcp_lines import (
    HOST,
    CalcServer,
    Gate,
    GatedService,
    LineClient,
    record_unclosed,
)


@pytest.mark.asyncio
async def test_gate_opens_when_everything_is_in_progress():
    service = GatedService(lambda a, b: a + b, Gate(5, patience=5.0))
    results = await asyncio.gather(*(service.operation(i, i) for i in range(5)))
    assert results == [0, 2, 4, 6, 8]
    assert (service.gate.seen, service.gate.forced) == (5, False)
    assert service.gate.opened_after is not None
    assert service.gate.opened_after < 1.0


@pytest.mark.asyncio
async def test_gate_is_forced_after_its_patience_for_sequential_callers():
    service = GatedService(lambda a, b: a * b, Gate(5, patience=0.05))
    results = [await service.operation(i, 2) for i in range(5)]
    assert results == [0, 2, 4, 6, 8]
    assert (service.gate.seen, service.gate.forced) == (1, True)


@pytest.mark.asyncio
async def test_released_gate_lets_waiters_through_without_counting_as_forced():
    gate = Gate(3, patience=60.0)
    waiter = asyncio.create_task(gate.wait())
    await asyncio.sleep(0)
    gate.release()
    await asyncio.wait_for(waiter, 1.0)
    assert not gate.forced


async def line_server(handler):
    server = await asyncio.start_server(handler, HOST, 0)
    return server, server.sockets[0].getsockname()[1]


@pytest.mark.asyncio
async def test_client_reports_a_reply_without_newline_and_a_closed_connection():
    async def no_newline(reader, writer):
        await reader.readline()
        writer.write(b"OK 5")
        await reader.readline()
        writer.close()

    server, port = await line_server(no_newline)
    client = await LineClient.connect(port)
    client.send("CALCUL 2 3")
    silent = await client.receive(0.1)
    client.send("encore")
    closed = await client.receive(1.0)
    await client.close()
    server.close()
    await server.wait_closed()
    assert (silent.text, silent.closed, silent.partial) == (None, False, "OK 5")
    assert "sans fin de ligne" in silent.describe()
    assert (closed.text, closed.closed) == (None, True)


@pytest.mark.asyncio
async def test_calc_server_records_lines_connections_and_endings():
    async with CalcServer(lambda line: f"OK {line}") as fake:
        first = await LineClient.connect(fake.port)
        second = await LineClient.connect(fake.port)
        first.send("CALCUL 1 2")
        assert (await first.receive(1.0)).text == "OK CALCUL 1 2"
        first.send("FIN")
        await second.close()
        assert await fake.wait_all_ended(1.0)
        await first.close()
    assert fake.open.peak == 2
    assert [c.lines for c in fake.connections] == [["CALCUL 1 2", "FIN"], []]
    assert [c.ended for c in fake.connections] == ["FIN", "EOF"]


@pytest.mark.asyncio
async def test_a_forgotten_stream_writer_is_recorded():
    async with CalcServer(lambda line: "OK 0") as fake:
        with record_unclosed() as forgotten:
            _, writer = await asyncio.open_connection(HOST, fake.port)
            del writer
        with record_unclosed() as closed:
            _, writer = await asyncio.open_connection(HOST, fake.port)
            writer.close()
            await writer.wait_closed()
    assert forgotten
    assert forgotten[0].startswith("unclosed")
    assert closed == []

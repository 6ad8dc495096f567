"""The gate: asked immediately before MAIL FROM, so a stop that arrives while a connection is
being opened still stops the message (on both paths)."""

from __future__ import annotations

import pytest

from mailbrake.errors import TransportError
from mailbrake.transport import SmtpTransport
from mailbrake.transport.base import Gate, is_halted
from tests.fixtures.smtp_sink import SmtpSink
from tests.transport.messages import make_envelope


@pytest.fixture(params=["pipelined", "aiosmtplib"])
def path(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def brake_on_at_next_connection(sink: SmtpSink) -> Gate:
    """A gate that closes once the sink has accepted one more connection: the brake went on
    while the transport was opening a new connection, after any earlier check."""
    opened = sink.connections_opened

    def gate() -> bool:
        return sink.connections_opened == opened

    return gate


async def test_a_closed_gate_begins_no_transaction(smtp_sink: SmtpSink, path: str) -> None:
    async with SmtpTransport(smtp_sink.url, pipelining=path == "pipelined") as sender:
        assert (await sender.send(make_envelope(1), gate=lambda: True)).code == 250
        mark = smtp_sink.mark()
        reply = await sender.send(make_envelope(2), gate=lambda: False)
    assert is_halted(reply)
    assert smtp_sink.transactions_after(mark) == []
    assert smtp_sink.recipients() == ["reader1@example.net"]


async def test_brake_during_a_reconnect_stops_the_message_before_mail_from(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with SmtpTransport(smtp_sink.url, pool_size=1, pipelining=path == "pipelined") as sender:
        assert (await sender.send(make_envelope(1))).code == 250
        smtp_sink.drop_connections()  # the idle connection is gone: the next send reconnects
        mark = smtp_sink.mark()
        gate = brake_on_at_next_connection(smtp_sink)
        reply = await sender.send(make_envelope(2), gate=gate)
    assert is_halted(reply)
    assert smtp_sink.connections_opened == 2  # it did open a new connection first
    assert smtp_sink.transactions_after(mark) == []


async def test_brake_during_a_reconnect_stops_every_message_of_a_batch(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with SmtpTransport(smtp_sink.url, pool_size=2, pipelining=path == "pipelined") as sender:
        await sender.connect(2)
        smtp_sink.drop_connections()
        mark = smtp_sink.mark()
        gate = brake_on_at_next_connection(smtp_sink)
        replies = await sender.send_many(
            [make_envelope(n) for n in range(4)],
            gate=gate,
        )
    assert all(is_halted(r) for r in replies)
    assert smtp_sink.transactions_after(mark) == []
    assert smtp_sink.messages == []


async def test_when_the_relay_comes_back_a_brake_during_the_reconnect_sends_nothing(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with SmtpTransport(smtp_sink.url, pool_size=1, pipelining=path == "pipelined") as sender:
        assert (await sender.send(make_envelope(1))).code == 250
        smtp_sink.drop_connections()
        smtp_sink.refuse_connections()
        with pytest.raises(TransportError):
            await sender.send(make_envelope(2), gate=lambda: True)
        smtp_sink.accept_connections()
        mark = smtp_sink.mark()
        gate = brake_on_at_next_connection(smtp_sink)
        reply = await sender.send(make_envelope(3), gate=gate)
    assert is_halted(reply)
    assert smtp_sink.transactions_after(mark) == []
    assert smtp_sink.recipients() == ["reader1@example.net"]

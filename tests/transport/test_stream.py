"""Streams: each message's content shares a write with the next one's MAIL FROM (RFC 2920)."""

from __future__ import annotations

import asyncio
from collections import deque

import pytest

from mailbrake.models import Envelope, SmtpReply
from mailbrake.transport import SmtpTransport
from mailbrake.transport.base import Gate, is_halted
from tests.fixtures.smtp_sink import SmtpSink
from tests.transport.messages import make_envelope
from tests.transport.test_pipelined import TRICKY_BODY, TRICKY_RECEIVED


class ListFeed:
    def __init__(self, envelopes: list[Envelope]) -> None:
        self.waiting = deque(envelopes)
        self.replies: dict[str, SmtpReply] = {}

    def next(self) -> Envelope | None:
        return self.waiting.popleft() if self.waiting else None

    def done(self, envelope: Envelope, reply: SmtpReply) -> None:
        self.replies[envelope.recipient] = reply


@pytest.fixture(params=["pipelined", "aiosmtplib"])
def pipelining(request: pytest.FixtureRequest) -> bool:
    return request.param == "pipelined"


async def test_a_stream_delivers_byte_identical_messages_on_both_paths(
    smtp_sink: SmtpSink, pipelining: bool
) -> None:
    envelopes = [make_envelope(n, body=TRICKY_BODY) for n in range(5)]
    feed = ListFeed(envelopes)
    async with SmtpTransport(smtp_sink.url, pool_size=1, pipelining=pipelining) as sender:
        await sender.stream(feed)
    assert [r.code for r in feed.replies.values()] == [250] * 5
    assert [m.raw for m in smtp_sink.messages] == [TRICKY_RECEIVED] * 5
    assert smtp_sink.recipients() == [e.recipient for e in envelopes]


async def test_a_refused_recipient_mid_stream_does_not_disturb_the_next(
    smtp_sink: SmtpSink, pipelining: bool
) -> None:
    smtp_sink.fail_rcpt(lambda rcpt: rcpt == "reader2@example.net", code=550, text="5.1.1 No")
    feed = ListFeed([make_envelope(n) for n in range(5)])
    async with SmtpTransport(smtp_sink.url, pool_size=1, pipelining=pipelining) as sender:
        await sender.stream(feed)
    codes = {rcpt: reply.code for rcpt, reply in feed.replies.items()}
    assert codes == {f"reader{n}@example.net": 550 if n == 2 else 250 for n in range(5)}
    assert len(smtp_sink.recipients()) == 4


async def test_a_gate_that_closes_mid_stream_sends_the_content_and_begins_nothing_more(
    smtp_sink: SmtpSink, pipelining: bool
) -> None:
    feed = ListFeed([make_envelope(n) for n in range(6)])
    marks: list[int] = []

    def gate() -> bool:
        # Asked for message 3 while message 2's content is still to be written.
        if len(feed.waiting) > 2:
            return True
        marks.append(smtp_sink.mark())
        return False

    closing: Gate = gate
    async with SmtpTransport(smtp_sink.url, pool_size=1, pipelining=pipelining) as sender:
        await sender.stream(feed, closing)
    assert smtp_sink.recipients() == [f"reader{n}@example.net" for n in range(3)]
    assert smtp_sink.transactions_after(marks[0]) == []
    assert is_halted(feed.replies["reader3@example.net"])
    assert [e.recipient for e in feed.waiting] == [f"reader{n}@example.net" for n in (4, 5)]


async def test_answered_returns_only_once_the_relay_answered_the_mail_from_written(
    smtp_sink: SmtpSink, pipelining: bool
) -> None:
    """What a worker waits for before it acknowledges a stop: a MAIL FROM already written
    (say behind the previous content) is one the relay has begun, not one it will begin."""
    hold = smtp_sink.hold(stage="MAIL", times=1)
    order: list[str] = []
    async with SmtpTransport(smtp_sink.url, pool_size=1, pipelining=pipelining) as sender:
        await sender.connect()
        sending = asyncio.create_task(sender.send(make_envelope(1)))
        await hold.wait_arrived()

        async def watch() -> None:
            await sender.answered()
            order.append("answered")

        watching = asyncio.create_task(watch())
        for _ in range(20):  # let it get as far as it can without the relay's reply
            await asyncio.sleep(0)
        order.append("released")
        hold.release()
        assert (await sending).code == 250
        await watching
    assert order == ["released", "answered"]

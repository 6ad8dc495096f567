"""The pipelined fast path: when it is chosen, and that it delivers what aiosmtplib delivers."""

from __future__ import annotations

from collections.abc import Callable

from mailbrake.transport import SmtpTransport
from mailbrake.transport.base import message_payload
from tests.fixtures.smtp_sink import SmtpSink
from tests.transport.messages import make_envelope

TRICKY_BODY = (
    b"Subject: dots and line endings\r\n"
    b"From: news@example.org\r\n\r\n"
    b".leading dot\r\n"
    b"..two leading dots\r\n"
    b".\r\n"
    b"a lone dot above\n"
    b"bare LF above, lone CR next\r"
    b"Gr\xc3\xbc\xc3\x9fe in UTF-8\r\n"
    b"\r\n"
    b"no newline at the end"
)
TRICKY_RECEIVED = (
    b"Subject: dots and line endings\r\n"
    b"From: news@example.org\r\n\r\n"
    b".leading dot\r\n"
    b"..two leading dots\r\n"
    b".\r\n"
    b"a lone dot above\r\n"
    b"bare LF above, lone CR next\r\n"
    b"Gr\xc3\xbc\xc3\x9fe in UTF-8\r\n"
    b"\r\n"
    b"no newline at the end\r\n"
)


async def test_both_paths_deliver_byte_identical_messages_with_dot_stuffing(
    smtp_sink: SmtpSink,
) -> None:
    for pipelining in (True, False):
        async with SmtpTransport(smtp_sink.url, pipelining=pipelining) as sender:
            reply = await sender.send(make_envelope(1, body=TRICKY_BODY))
        assert reply.code == 250
    fast, classic = smtp_sink.messages
    assert fast.raw == classic.raw == TRICKY_RECEIVED


def test_payload_stuffs_every_leading_dot_and_ends_with_the_terminator() -> None:
    assert message_payload(b".a\r\nb\r\n.\r\n..c") == b"..a\r\nb\r\n..\r\n...c\r\n.\r\n"


async def test_pipelined_path_is_chosen_when_the_relay_offers_pipelining(
    smtp_sink: SmtpSink,
) -> None:
    async with SmtpTransport(smtp_sink.url) as sender:
        assert sender.path is None
        await sender.send(make_envelope(1))
        assert sender.path == "pipelined"


async def test_relay_without_pipelining_is_served_by_aiosmtplib(
    smtp_sink_factory: Callable[..., SmtpSink],
) -> None:
    sink = smtp_sink_factory(pipelining=False)
    async with SmtpTransport(sink.url, pool_size=1) as sender:
        replies = await sender.send_many([make_envelope(n) for n in range(3)])
        assert sender.path == "aiosmtplib"
    assert [r.code for r in replies] == [250] * 3
    # One look at EHLO to decide, then one persistent connection.
    assert sink.connections_opened == 2


async def test_many_messages_over_several_connections_arrive_exactly_once(
    smtp_sink: SmtpSink,
) -> None:
    envelopes = [make_envelope(n) for n in range(400)]
    async with SmtpTransport(smtp_sink.url, pool_size=4) as sender:
        replies = await sender.send_many(envelopes[:200])
        replies += await sender.send_many(envelopes[200:])
    assert [r.code for r in replies] == [250] * 400
    received = {m.rcpt_tos: m.raw for m in smtp_sink.messages}
    assert len(smtp_sink.messages) == 400
    assert received == {(e.recipient,): e.data for e in envelopes}
    assert smtp_sink.connections_opened == 4  # kept open across both batches


async def test_replies_match_their_envelopes_when_outcomes_are_mixed(smtp_sink: SmtpSink) -> None:
    refused = {f"reader{n}@example.net" for n in range(0, 60, 7)}
    smtp_sink.fail_rcpt(lambda rcpt: rcpt in refused, code=550, text="5.1.1 Unknown user")
    envelopes = [make_envelope(n) for n in range(60)]
    async with SmtpTransport(smtp_sink.url, pool_size=3) as sender:
        replies = await sender.send_many(envelopes)
    for envelope, reply in zip(envelopes, replies, strict=True):
        assert reply.code == (550 if envelope.recipient in refused else 250)
    assert sorted(smtp_sink.recipients()) == sorted(
        e.recipient for e in envelopes if e.recipient not in refused
    )

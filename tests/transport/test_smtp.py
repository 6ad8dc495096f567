"""SmtpTransport against a real aiosmtpd sink: replies, faults and recovery, on both paths."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mailbrake.errors import TransportError
from mailbrake.settings import load_settings
from mailbrake.transport import SmtpTransport, make_transport
from mailbrake.transport.base import SenderRefusedError
from tests.fixtures.smtp_sink import SmtpSink
from tests.transport.messages import make_envelope


@pytest.fixture(params=["pipelined", "aiosmtplib"])
def path(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def transport(url: str, path: str, **options: Any) -> SmtpTransport:
    return SmtpTransport(url, pipelining=path == "pipelined", **options)


async def test_accepted_message_returns_250_and_the_server_text(
    smtp_sink: SmtpSink, path: str
) -> None:
    envelope = make_envelope(1)
    async with transport(smtp_sink.url, path) as sender:
        reply = await sender.send(envelope)
        assert sender.path == path
    assert reply.code == 250
    assert reply.text == f"2.0.0 Ok: queued as {smtp_sink.mark()}"
    [received] = smtp_sink.messages
    assert (received.mail_from, received.rcpt_tos) == ("news@example.org", (envelope.recipient,))
    assert received.raw == envelope.data


async def test_4xx_for_one_recipient_is_returned_and_the_same_connection_carries_on(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.fail_rcpt("reader2@example.net", code=451, text="4.7.1 Greylisted, try later")
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        replies = await sender.send_many([make_envelope(n) for n in (1, 2, 3)])
    assert [r.code for r in replies] == [250, 451, 250]
    assert replies[1].text == "4.7.1 Greylisted, try later"
    assert replies[1].is_transient
    assert smtp_sink.recipients() == ["reader1@example.net", "reader3@example.net"]
    assert smtp_sink.connections_opened == 1


async def test_5xx_for_a_recipient_is_returned_as_permanent(smtp_sink: SmtpSink, path: str) -> None:
    smtp_sink.fail_rcpt("reader1@example.net", code=550, text="5.1.1 No such user")
    async with transport(smtp_sink.url, path) as sender:
        reply = await sender.send(make_envelope(1))
    assert (reply.code, reply.text) == (550, "5.1.1 No such user")
    assert reply.is_permanent
    assert smtp_sink.messages == []


async def test_a_refusal_of_the_content_is_returned(smtp_sink: SmtpSink, path: str) -> None:
    smtp_sink.fail_data("reader2@example.net", code=554, text="5.7.0 Content rejected")
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        replies = await sender.send_many([make_envelope(n) for n in (1, 2, 3)])
    assert [(r.code, r.text) for r in replies] == [
        (250, replies[0].text),
        (554, "5.7.0 Content rejected"),
        (250, replies[2].text),
    ]
    assert smtp_sink.recipients() == ["reader1@example.net", "reader3@example.net"]


async def test_a_refused_sender_raises_and_the_connection_carries_on(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.fail_mail("news@example.org", code=530, text="5.7.0 Authentication required", times=1)
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        with pytest.raises(SenderRefusedError) as refused:
            await sender.send(make_envelope(1))
        after = await sender.send(make_envelope(2))
    assert (refused.value.reply.code, refused.value.sender) == (530, "news@example.org")
    assert "refused the sender <news@example.org> (530 5.7.0 Authentication required)" in str(
        refused.value
    )
    assert after.code == 250
    assert smtp_sink.recipients() == ["reader2@example.net"]
    assert smtp_sink.connections_opened == 1


async def test_disconnect_during_data_returns_code_0_and_the_pool_recovers(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.disconnect_during_data("reader2@example.net")
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        replies = await sender.send_many([make_envelope(n) for n in (1, 2, 3)])
    assert [r.code for r in replies] == [250, 0, 250]
    assert replies[1].is_transient
    assert "may or may not have been accepted" in replies[1].text
    # The transport does not resend: that could deliver the message twice.
    assert [m.rcpt_tos for m in smtp_sink.dropped] == [("reader2@example.net",)]
    assert smtp_sink.recipients() == ["reader1@example.net", "reader3@example.net"]
    assert smtp_sink.connections_opened == 2


async def test_no_reply_after_the_content_within_the_timeout_returns_code_0(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.slow_reply(30.0, stage="DATA", times=1)
    async with transport(smtp_sink.url, path, timeout=0.2) as sender:
        slow = await sender.send(make_envelope(1))
        after = await sender.send(make_envelope(2))
    assert slow.code == 0
    assert "timed out" in slow.text
    assert after.code == 250


async def test_no_reply_before_the_content_is_a_transient_not_sent(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.slow_reply(30.0, stage="RCPT", times=1)
    async with transport(smtp_sink.url, path, timeout=0.2) as sender:
        slow = await sender.send(make_envelope(1))
        after = await sender.send(make_envelope(2))
    assert slow.code == 421
    assert slow.text.startswith("4.4.2 Not sent by mailbrake:")
    assert after.code == 250
    assert smtp_sink.recipients() == ["reader2@example.net"]


async def test_unreachable_relay_raises_transport_error_naming_the_address(
    dead_smtp_url: str, path: str
) -> None:
    address = dead_smtp_url.removeprefix("smtp://")
    expected = (
        f"Cannot reach the SMTP relay at {address} (Connection refused). "
        "Check MAILBRAKE_SMTP_URL or start `mailbrake sink`."
    )
    sender = transport(dead_smtp_url, path)
    with pytest.raises(TransportError) as on_connect:
        await sender.connect()
    with pytest.raises(TransportError) as on_send:
        await sender.send_many([make_envelope(1), make_envelope(2)])
    assert str(on_connect.value) == expected
    assert str(on_send.value) == expected
    await sender.close()


async def test_relay_gone_between_batches_raises_because_nothing_was_handed_over(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with transport(smtp_sink.url, path, pool_size=2) as sender:
        assert (await sender.send(make_envelope(1))).code == 250
        smtp_sink.refuse_connections()
        smtp_sink.drop_connections()
        with pytest.raises(TransportError, match="Cannot reach the SMTP relay"):
            await sender.send_many([make_envelope(2), make_envelope(3)])
    assert smtp_sink.recipients() == ["reader1@example.net"]


async def test_relay_gone_mid_batch_reports_the_rest_as_not_sent(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.disconnect_during_data("reader1@example.net")
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        await sender.connect()
        smtp_sink.refuse_connections()
        replies = await sender.send_many([make_envelope(n) for n in (1, 2, 3)])
    # The first one was handed over, so the batch returns instead of raising.
    assert [r.code for r in replies] == [0, 421, 421]
    assert replies[1].text.startswith("4.4.2 Not sent by mailbrake: Cannot reach the SMTP relay")
    assert smtp_sink.mail_from_log[-1].seq == 1  # nothing after the first transaction


async def test_connection_closed_by_the_relay_while_idle_is_replaced_without_loss(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        assert (await sender.send(make_envelope(1))).code == 250
        smtp_sink.drop_connections()
        assert (await sender.send(make_envelope(2))).code == 250
    assert smtp_sink.recipients() == ["reader1@example.net", "reader2@example.net"]
    assert smtp_sink.connections_opened == 2


async def test_421_to_mail_from_on_a_reused_connection_is_retried_on_a_fresh_one(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        assert (await sender.send(make_envelope(1))).code == 250
        smtp_sink.fail_mail(None, code=421, text="4.7.0 Too many messages", times=1)
        reply = await sender.send(make_envelope(2))
    assert reply.code == 250
    assert smtp_sink.recipients() == ["reader1@example.net", "reader2@example.net"]
    assert smtp_sink.connections_opened == 2


async def test_421_on_a_fresh_connection_is_returned_not_retried(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.fail_mail(None, code=421, text="4.3.2 Going down", times=1)
    async with transport(smtp_sink.url, path) as sender:
        reply = await sender.send(make_envelope(1))
    assert (reply.code, reply.text) == (421, "4.3.2 Going down")
    assert len(smtp_sink.mail_from_log) == 1


async def test_a_connection_that_cannot_open_leaves_its_share_to_the_others(
    smtp_sink: SmtpSink, path: str
) -> None:
    async with transport(smtp_sink.url, path, pool_size=3) as sender:
        await sender.connect()
        smtp_sink.refuse_connections()
        replies = await sender.send_many([make_envelope(n) for n in range(6)])
    assert [r.code for r in replies] == [250] * 6
    assert smtp_sink.connections_opened == 1


async def test_address_with_a_line_break_is_refused_without_reaching_the_relay(
    smtp_sink: SmtpSink, path: str
) -> None:
    evil = make_envelope(1, recipient="a@example.net>\r\nRCPT TO:<b@example.net")
    async with transport(smtp_sink.url, path) as sender:
        reply = await sender.send(evil)
        good = await sender.send(make_envelope(2))
    assert reply.code == 501
    assert good.code == 250
    assert smtp_sink.recipients() == ["reader2@example.net"]


async def test_non_ascii_address_goes_through_with_smtputf8(smtp_sink: SmtpSink, path: str) -> None:
    async with transport(smtp_sink.url, path) as sender:
        reply = await sender.send(make_envelope(1, recipient="jürgen@exämple.net"))
    assert reply.code == 250
    assert smtp_sink.recipients() == ["jürgen@exämple.net"]


async def test_make_transport_reads_url_pool_and_timeout_from_settings(smtp_sink: SmtpSink) -> None:
    settings = load_settings(smtp_url=smtp_sink.url, smtp_pool_size=2, smtp_timeout=5.0)
    sender = make_transport(settings)
    replies = await sender.send_many([make_envelope(n) for n in range(4)])
    await sender.close()
    assert [r.code for r in replies] == [250] * 4
    assert smtp_sink.connections_opened == 2


async def test_send_writes_mail_from_before_yielding_to_the_event_loop(
    smtp_sink: SmtpSink, path: str
) -> None:
    hold = smtp_sink.hold(stage="MAIL", times=1)
    seen_before_other_tasks_ran: list[bool] = []

    async def other_task() -> None:
        # Blocks the loop on purpose: MAIL FROM reaches the sink only if send() wrote it
        # before it first yielded (the engine checks its brake right before send()).
        seen_before_other_tasks_ran.append(hold.arrived.wait(5.0))
        hold.release()

    async with transport(smtp_sink.url, path) as sender:
        await sender.connect()
        task = asyncio.create_task(other_task())
        reply = await sender.send(make_envelope(1))
        await task
    assert seen_before_other_tasks_ran == [True]
    assert reply.code == 250


async def test_421_after_the_content_is_returned_and_the_connection_replaced(
    smtp_sink: SmtpSink, path: str
) -> None:
    smtp_sink.fail_data(None, code=421, text="4.3.0 Closing, try later", times=1)
    async with transport(smtp_sink.url, path, pool_size=1) as sender:
        replies = await sender.send_many([make_envelope(1), make_envelope(2)])
    assert [(r.code, r.text) for r in replies] == [
        (421, "4.3.0 Closing, try later"),
        (250, f"2.0.0 Ok: queued as {smtp_sink.mark()}"),
    ]
    assert smtp_sink.connections_opened == 2

"""The smtp_sink fixture itself, driven by the standard library's smtplib from a sync test."""

from __future__ import annotations

import smtplib
import threading

import pytest

from tests.fixtures.smtp_sink import SmtpSink

MESSAGE = b"Subject: hi\r\n\r\n.dot\r\nbody\r\n"


def send(sink: SmtpSink, *recipients: str) -> dict[str, tuple[int, bytes]]:
    with smtplib.SMTP(sink.host, sink.port) as client:
        return client.sendmail("from@example.org", list(recipients), MESSAGE)


def test_records_exact_bytes_recipients_and_pipelining(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as client:
        assert client.ehlo()[0] == 250
        assert client.has_extn("pipelining")
        client.sendmail("from@example.org", ["a@example.net", "b@example.net"], MESSAGE)
    [message] = smtp_sink.wait_for(1)
    assert message.raw == MESSAGE
    assert message.message["subject"] == "hi"
    assert smtp_sink.recipients() == ["a@example.net", "b@example.net"]


def test_fail_rcpt_only_the_first_n_times(smtp_sink: SmtpSink) -> None:
    smtp_sink.fail_rcpt("a@example.net", code=452, text="4.2.2 Full", times=1)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as info:
        send(smtp_sink, "a@example.net")
    assert info.value.recipients == {"a@example.net": (452, b"4.2.2 Full")}
    assert send(smtp_sink, "a@example.net") == {}


def test_transactions_after_a_mark_are_those_begun_later(smtp_sink: SmtpSink) -> None:
    send(smtp_sink, "a@example.net")
    mark = smtp_sink.mark()
    assert smtp_sink.transactions_after(mark) == []
    send(smtp_sink, "b@example.net")
    assert [e.mail_from for e in smtp_sink.transactions_after(mark)] == ["from@example.org"]


def test_wait_for_raises_when_too_few_arrive(smtp_sink: SmtpSink) -> None:
    with pytest.raises(AssertionError, match=r"Expected 1 messages within 0\.05s, got 0"):
        smtp_sink.wait_for(1, timeout=0.05)


def test_hold_parks_the_reply_until_released(smtp_sink: SmtpSink) -> None:
    hold = smtp_sink.hold(stage="DATA", times=1)
    result: list[dict[str, tuple[int, bytes]]] = []
    client = threading.Thread(target=lambda: result.append(send(smtp_sink, "a@example.net")))
    client.start()
    assert hold.arrived.wait(5)
    assert result == []  # the client still waits for its reply
    hold.release()
    client.join(5)
    assert result == [{}]


def test_refused_connections_come_back_after_reset(smtp_sink: SmtpSink) -> None:
    smtp_sink.refuse_connections()
    with pytest.raises(ConnectionRefusedError):
        send(smtp_sink, "a@example.net")
    smtp_sink.reset()
    assert send(smtp_sink, "a@example.net") == {}
    assert smtp_sink.connections_opened == 1


def test_login_is_recorded_with_the_message(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as client:
        client.login("sender", "s3cret")
        client.sendmail("from@example.org", ["a@example.net"], MESSAGE)
    assert smtp_sink.messages[0].login == "sender"

"""Clean mail to a few people passes straight on, byte for byte, with the upstream's answer."""

from __future__ import annotations

import smtplib
from collections.abc import Callable

import pytest

from mailbrake.models import GatewayDisposition
from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import SENDER, Gateway

CLEAN = (
    b"From: Sam Sender <sam@example.org>\r\n"
    b"To: a@example.org, b@example.org, c@partner.example.com\r\n"
    b"Subject: Lunch on Friday\r\n"
    b"Message-ID: <lunch-1@example.org>\r\n"
    b"\r\n"
    b"Shall we try the new place on the corner at noon?\r\n"
)
RCPTS = ["a@example.org", "b@example.org", "c@partner.example.com"]


def test_clean_message_to_three_is_relayed_unchanged_with_the_upstream_answer(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    with gateway.connect() as client:
        refused = client.sendmail(SENDER, RCPTS, CLEAN)
        _code, _text = client.noop()
    assert refused == {}
    [got] = smtp_sink.wait_for(1)
    assert sorted(got.rcpt_tos) == sorted(RCPTS)
    assert got.mail_from == SENDER
    head, _, rest = got.raw.partition(b"\r\n\tby ")
    assert head.startswith(b"Received: from ")
    assert rest.split(b"\r\n", 1)[1] == CLEAN  # one Received: line added, nothing else
    [record] = gateway.store.gateway_messages()
    assert record.disposition is GatewayDisposition.RELAYED
    assert record.message_id == "<lunch-1@example.org>"
    assert sorted(record.recipients) == sorted(RCPTS)
    assert record.upstream_code == 250


def test_upstream_refusal_is_passed_back_as_5xx(gateway: Gateway, smtp_sink: SmtpSink) -> None:
    smtp_sink.fail_data(None, code=554)
    with gateway.connect() as client, pytest.raises(smtplib.SMTPDataError) as info:
        client.sendmail(SENDER, RCPTS, CLEAN)
    assert info.value.smtp_code == 554
    [record] = gateway.store.gateway_messages()
    assert record.disposition is GatewayDisposition.REFUSED


def test_upstream_down_is_a_4xx_and_nothing_is_recorded_as_sent(
    gateway_factory: Callable[..., Gateway], dead_smtp_url: str
) -> None:
    gateway = gateway_factory(upstream=dead_smtp_url)
    with gateway.connect() as client, pytest.raises(smtplib.SMTPDataError) as info:
        client.sendmail(SENDER, RCPTS, CLEAN)
    assert 400 <= info.value.smtp_code < 500
    [record] = gateway.store.gateway_messages()
    assert record.disposition is GatewayDisposition.DEFERRED


def test_check_header_is_added_when_configured(
    gateway_factory: Callable[..., Gateway], smtp_sink: SmtpSink
) -> None:
    gateway = gateway_factory(gateway_check_header=True)
    with gateway.connect() as client:
        client.sendmail(SENDER, RCPTS, CLEAN)
    [got] = smtp_sink.wait_for(1)
    assert got.message["X-Mailbrake-Check"].startswith("allow")


def test_a_relay_that_dropped_the_kept_connection_gets_the_next_message_once(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    with gateway.connect() as client:
        client.sendmail(SENDER, RCPTS, CLEAN)
        smtp_sink.wait_for(1)
        smtp_sink.drop_connections()  # as a relay restart would
        client.sendmail(SENDER, RCPTS, CLEAN.replace(b"lunch-1", b"lunch-2"))
    got = smtp_sink.wait_for(2)
    assert [m.message["Message-ID"] for m in got] == [
        "<lunch-1@example.org>",
        "<lunch-2@example.org>",
    ]

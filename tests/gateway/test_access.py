"""Never an open relay: TLS before AUTH, AUTH before sending, your own From, limits."""

from __future__ import annotations

import smtplib
from collections.abc import Callable

import pytest

from tests.fixtures.smtp_sink import SmtpSink
from tests.gateway.conftest import ADMIN, APPROVER, PASSWORD, SENDER, Gateway
from tests.gateway.test_relay import CLEAN, RCPTS


def test_auth_before_starttls_is_refused(gateway: Gateway) -> None:
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=20) as client:
        client.ehlo()
        assert "auth" not in client.esmtp_features
        code, _ = client.docmd("AUTH", "PLAIN AHNhbUBleGFtcGxlLm9yZwB4")
    assert code == 538


def test_sending_without_auth_is_refused(gateway: Gateway, smtp_sink: SmtpSink) -> None:
    with gateway.connect(login=None) as client, pytest.raises(smtplib.SMTPSenderRefused) as info:
        client.sendmail(SENDER, RCPTS, CLEAN)
    assert info.value.smtp_code == 530
    assert smtp_sink.messages == []


def test_trusted_network_may_send_only_to_internal_domains(
    gateway_factory: Callable[..., Gateway], smtp_sink: SmtpSink
) -> None:
    gateway = gateway_factory(gateway_trusted_networks=["127.0.0.0/8"])
    with gateway.connect(login=None) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.sendmail("printer@example.org", ["c@partner.example.com"], CLEAN)
        client.sendmail("printer@example.org", ["a@example.org"], CLEAN)
    [got] = smtp_sink.wait_for(1)
    assert list(got.rcpt_tos) == ["a@example.org"]


def test_envelope_sender_of_another_user_is_refused(gateway: Gateway) -> None:
    with gateway.connect() as client, pytest.raises(smtplib.SMTPSenderRefused) as info:
        client.sendmail(APPROVER, RCPTS, CLEAN)
    assert info.value.smtp_code == 550


def test_from_header_of_another_user_is_refused(gateway: Gateway, smtp_sink: SmtpSink) -> None:
    forged = CLEAN.replace(b"From: Sam Sender <sam@example.org>", b"From: CEO <ceo@example.org>")
    with gateway.connect() as client, pytest.raises(smtplib.SMTPDataError) as info:
        client.sendmail(SENDER, RCPTS, forged)
    assert info.value.smtp_code == 550
    assert smtp_sink.messages == []


def test_send_as_grant_lets_a_user_send_as_a_shared_mailbox(
    gateway: Gateway, smtp_sink: SmtpSink
) -> None:
    gateway.store.grant_send_as(SENDER, "news@example.org", actor=ADMIN)
    shared = CLEAN.replace(b"sam@example.org", b"news@example.org")
    with gateway.connect() as client:
        client.sendmail("news@example.org", RCPTS, shared)
    assert smtp_sink.wait_for(1)[0].mail_from == "news@example.org"


def test_wrong_password_is_refused_audited_and_rate_limited(gateway: Gateway) -> None:
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=20) as client:
        client.starttls(context=gateway.client_context())
        client.ehlo()
        client.user, client.password = SENDER, "wrong password"
        for _ in range(5):
            with pytest.raises(smtplib.SMTPAuthenticationError) as info:
                client.auth("PLAIN", client.auth_plain)
            assert info.value.smtp_code == 535
        client.password = PASSWORD  # right, but too many failures from this address
        with pytest.raises(smtplib.SMTPAuthenticationError) as info:
            client.auth("PLAIN", client.auth_plain)
        assert info.value.smtp_code == 454
    failures = [e for e in gateway.store.iter_events() if e.action == "gateway.login_failed"]
    assert len(failures) == 5


def test_message_over_the_size_limit_is_refused_with_552(
    gateway_factory: Callable[..., Gateway],
) -> None:
    gateway = gateway_factory(gateway_max_message_bytes=2048)
    big = CLEAN + b"x" * 4096 + b"\r\n"
    with gateway.connect() as client, pytest.raises(smtplib.SMTPException) as info:
        client.sendmail(SENDER, RCPTS, big)
    assert "552" in str(info.value)
    assert "5.3.4" in str(info.value)


def test_too_many_recipients_get_452(gateway_factory: Callable[..., Gateway]) -> None:
    gateway = gateway_factory(gateway_max_recipients=2)
    with gateway.connect() as client:
        refused = client.sendmail(SENDER, RCPTS, CLEAN)
    assert refused == {
        "c@partner.example.com": (
            452,
            b"4.5.3 Too many recipients for one message; send the rest separately",
        )
    }


def test_a_personal_api_token_works_as_the_password(gateway: Gateway, smtp_sink: SmtpSink) -> None:
    token = gateway.store.issue_token(SENDER, actor="test")
    with gateway.connect(password=token) as client:
        client.sendmail(SENDER, RCPTS, CLEAN)
    assert smtp_sink.wait_for(1)[0].mail_from == SENDER

"""Logins from the URL, STARTTLS and TLS-on-connect, on both paths, against a real sink."""

from __future__ import annotations

import ssl
from collections.abc import Callable

import pytest

from mailbrake.errors import TransportError
from mailbrake.transport import SmtpTransport
from tests.fixtures.smtp_sink import SmtpSink
from tests.transport.messages import make_envelope

SinkFactory = Callable[..., SmtpSink]


@pytest.fixture(params=[True, False], ids=["pipelined", "aiosmtplib"])
def pipelining(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def test_login_from_the_url_is_used(smtp_sink_factory: SinkFactory, pipelining: bool) -> None:
    sink = smtp_sink_factory(require_auth=True, users={"mailer@corp": "p@ss word"})
    url = f"smtp://mailer%40corp:p%40ss%20word@127.0.0.1:{sink.port}"
    async with SmtpTransport(url, pipelining=pipelining) as sender:
        reply = await sender.send(make_envelope(1))
        assert sender.path == ("pipelined" if pipelining else "aiosmtplib")
    assert reply.code == 250
    assert sink.messages[0].login == "mailer@corp"


async def test_wrong_password_raises_naming_the_user_but_not_the_password(
    smtp_sink_factory: SinkFactory, pipelining: bool
) -> None:
    sink = smtp_sink_factory(require_auth=True, users={"mailer": "right"})
    sender = SmtpTransport(sink.url_with_login("mailer", "wrong"), pipelining=pipelining)
    with pytest.raises(TransportError) as info:
        await sender.send(make_envelope(1))
    message = str(info.value)
    assert f"The SMTP relay at 127.0.0.1:{sink.port} refused the login for user 'mailer'" in message
    assert "Check the user and password in MAILBRAKE_SMTP_URL." in message
    assert "wrong" not in message
    assert sink.mail_from_log == []


async def test_starttls_with_login_delivers(
    smtp_sink_factory: SinkFactory,
    tls_server_context: ssl.SSLContext,
    tls_client_context: ssl.SSLContext,
    pipelining: bool,
) -> None:
    sink = smtp_sink_factory(tls_context=tls_server_context, require_starttls=True)
    url = f"smtp+starttls://sender:s3cret@127.0.0.1:{sink.port}"
    sender = SmtpTransport(url, pipelining=pipelining, tls_context=tls_client_context)
    async with sender:
        replies = await sender.send_many([make_envelope(n) for n in range(3)])
    assert [r.code for r in replies] == [250] * 3
    assert [m.login for m in sink.messages] == ["sender"] * 3


async def test_tls_on_connect_delivers(
    smtp_sink_factory: SinkFactory,
    tls_server_context: ssl.SSLContext,
    tls_client_context: ssl.SSLContext,
    pipelining: bool,
) -> None:
    sink = smtp_sink_factory(implicit_tls=tls_server_context)
    url = f"smtps://127.0.0.1:{sink.port}"
    async with SmtpTransport(url, pipelining=pipelining, tls_context=tls_client_context) as sender:
        reply = await sender.send(make_envelope(1))
    assert reply.code == 250
    assert sink.recipients() == ["reader1@example.net"]


async def test_untrusted_certificate_raises_transport_error(
    smtp_sink_factory: SinkFactory, tls_server_context: ssl.SSLContext, pipelining: bool
) -> None:
    sink = smtp_sink_factory(tls_context=tls_server_context, require_starttls=True)
    sender = SmtpTransport(f"smtp+starttls://127.0.0.1:{sink.port}", pipelining=pipelining)
    with pytest.raises(TransportError) as info:
        await sender.send(make_envelope(1))
    assert "certificate" in str(info.value)
    assert sink.mail_from_log == []


async def test_starttls_url_for_a_relay_without_starttls_raises(
    smtp_sink: SmtpSink, pipelining: bool
) -> None:
    sender = SmtpTransport(f"smtp+starttls://127.0.0.1:{smtp_sink.port}", pipelining=pipelining)
    with pytest.raises(TransportError, match="STARTTLS"):
        await sender.send(make_envelope(1))
    assert smtp_sink.mail_from_log == []

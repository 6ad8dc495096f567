"""SmtpTransport: a pool of persistent SMTP connections (aiosmtplib, or the pipelined path).

The relay is first contacted by `connect()` (optional: call it to fail fast) or by the first
`send`/`send_many`; either raises TransportError when the relay cannot be reached, refuses the
greeting or the login, and nothing of that call was handed over. Later failures become
replies (see base.py). Each new connection first tries the pipelined path (pipelined.py) when
`pipelining` is on; a relay that does not offer PIPELINING is then served by aiosmtplib, and
that choice is kept for the transport's life. One transport belongs to one event loop.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Sequence
from types import TracebackType
from typing import Literal

import aiosmtplib
from aiosmtplib import SMTPResponse

from mailbrake.errors import TransportError
from mailbrake.models import Envelope, SmtpReply
from mailbrake.settings import Settings
from mailbrake.transport.base import (
    HALTED,
    Feed,
    Gate,
    SenderRefusedError,
    clean_text,
    default_helo_name,
    describe,
    envelope_commands,
    first_failure,
    is_closing,
    is_open,
    is_sender_refusal,
    message_payload,
    no_reply,
    not_sent,
    unreachable,
)
from mailbrake.transport.pipelined import PipelinedConnection
from mailbrake.transport.pool import Connection, ConnectionPool, NotSentError, deliver_each
from mailbrake.transport.url import Security, SmtpUrl, parse_smtp_url

Path = Literal["pipelined", "aiosmtplib"]
NETWORK_ERRORS = (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError)


def _reply(response: SMTPResponse) -> SmtpReply:
    return SmtpReply(response.code, clean_text(response.message))


class AiosmtplibConnection:
    """One aiosmtplib connection; MAIL, RCPT and DATA go one at a time."""

    def __init__(self, client: aiosmtplib.SMTP, url: SmtpUrl, timeout: float) -> None:
        self._client = client
        self._url = url
        self._timeout = timeout
        self._mail_answered = asyncio.Event()
        self._mail_answered.set()

    @classmethod
    async def open(
        cls, url: SmtpUrl, *, timeout: float, tls_context: ssl.SSLContext, helo_name: str
    ) -> AiosmtplibConnection:
        client = aiosmtplib.SMTP(
            hostname=url.host,
            port=url.port,
            username=url.username,
            password=url.password if url.username is not None else None,
            use_tls=url.security is Security.TLS,
            start_tls=url.security is Security.STARTTLS,  # plain smtp:// stays plain
            tls_context=tls_context,
            timeout=timeout,
            local_hostname=helo_name,
        )
        try:
            await client.connect()
            if client.is_ehlo_or_helo_needed:
                await _greet(client)
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise TransportError(
                f"The SMTP relay at {url.address} refused the login for user "
                f"{url.username!r} ({exc.code} {exc.message}).",
                hint="Check the user and password in MAILBRAKE_SMTP_URL.",
            ) from None
        except aiosmtplib.SMTPResponseException as exc:
            raise TransportError(
                f"The SMTP relay at {url.address} refused us ({exc.code} {exc.message}).",
                hint="Check MAILBRAKE_SMTP_URL, or ask the relay's operator why it refuses us.",
            ) from None
        except (*NETWORK_ERRORS, aiosmtplib.SMTPConnectError) as exc:
            raise unreachable(url.address, describe(exc)) from None
        except aiosmtplib.SMTPException as exc:  # e.g. no STARTTLS or no AUTH offered
            raise TransportError(
                f"The SMTP relay at {url.address} cannot be used: {str(exc).rstrip('.')}.",
                hint="Check the scheme and login in MAILBRAKE_SMTP_URL.",
            ) from None
        return cls(client, url, timeout)

    @property
    def is_usable(self) -> bool:
        return self._client.is_connected

    async def deliver(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply:
        commands = envelope_commands(envelope, self._client.esmtp_extensions)
        if isinstance(commands, SmtpReply):
            return commands
        mail_line, rcpt_line = commands
        payload = message_payload(envelope.data)
        if not is_open(gate):  # aiosmtplib writes MAIL FROM before its first await
            return HALTED
        self._mail_answered.clear()
        try:
            mail = await self._command(mail_line)
        finally:
            self._mail_answered.set()
        rcpt = await self._command(rcpt_line) if mail.is_success else None
        data = await self._command(b"DATA") if rcpt is not None and rcpt.is_success else None
        failure = first_failure(mail, rcpt, data)
        if failure is not None:
            refused = await self._refused(failure)
            if is_sender_refusal(mail):
                raise SenderRefusedError(self._url.address, envelope.sender, mail)
            return refused
        protocol = self._client.protocol
        try:
            if protocol is None:
                raise aiosmtplib.SMTPServerDisconnected("Connection lost")
            protocol.write(payload)
            final = _reply(await protocol.read_response(timeout=self._timeout))
        except (*NETWORK_ERRORS, aiosmtplib.SMTPResponseException) as exc:
            self._client.close()
            return no_reply(self._url.address, describe(exc))
        if is_closing(final):
            self._client.close()
        return final

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        await deliver_each(self, feed, gate)

    async def answered(self) -> None:
        await self._mail_answered.wait()

    async def close(self) -> None:
        if not self._client.is_connected:
            return
        try:
            await self._client.quit(timeout=min(self._timeout, 2.0))
        except (*NETWORK_ERRORS, aiosmtplib.SMTPException):
            self._client.close()

    def abort(self) -> None:
        self._client.close()

    async def _command(self, line: bytes) -> SmtpReply:
        try:
            return _reply(await self._client.execute_command(line))
        except (*NETWORK_ERRORS, aiosmtplib.SMTPResponseException) as exc:
            self._client.close()
            reason = f"the connection failed before the message was sent: {describe(exc)}"
            retryable = not isinstance(exc, TimeoutError)
            raise NotSentError(not_sent(self._url.address, reason), retryable=retryable) from None

    async def _refused(self, failure: SmtpReply) -> SmtpReply:
        if is_closing(failure):
            self._client.close()
            raise NotSentError(failure, retryable=True)
        try:
            reset = await self._client.execute_command(b"RSET")
        except (*NETWORK_ERRORS, aiosmtplib.SMTPResponseException):
            self._client.close()
            return failure
        if reset.code != 250:
            self._client.close()
        return failure


async def _greet(client: aiosmtplib.SMTP) -> None:
    try:
        await client.ehlo()
    except aiosmtplib.SMTPHeloError:
        await client.helo()


class SmtpConnector:
    """Opens connections for the pool, choosing the path on the first one."""

    def __init__(
        self, url: SmtpUrl, *, timeout: float, pipelining: bool, tls_context: ssl.SSLContext
    ) -> None:
        self._url = url
        self._timeout = timeout
        self._tls_context = tls_context
        self._helo_name = default_helo_name()
        self.path: Path | None = None if pipelining else "aiosmtplib"

    @property
    def address(self) -> str:
        return self._url.address

    async def open(self) -> Connection:
        url, timeout, context, helo = self._url, self._timeout, self._tls_context, self._helo_name
        if self.path != "aiosmtplib":
            fast = await PipelinedConnection.open(
                url, timeout=timeout, tls_context=context, helo_name=helo
            )
            if fast is not None:
                self.path = "pipelined"
                return fast
        conn = await AiosmtplibConnection.open(
            url, timeout=timeout, tls_context=context, helo_name=helo
        )
        self.path = "aiosmtplib"
        return conn


class SmtpTransport:
    """The Transport for a real relay: `pool_size` persistent connections, `timeout` seconds
    per SMTP command, the pipelined fast path when the relay offers it (see module doc)."""

    def __init__(
        self,
        url: SmtpUrl | str,
        *,
        pool_size: int = 8,
        timeout: float = 30.0,
        pipelining: bool = True,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.url = parse_smtp_url(url) if isinstance(url, str) else url
        context = tls_context or ssl.create_default_context()
        self._connector = SmtpConnector(
            self.url, timeout=timeout, pipelining=pipelining, tls_context=context
        )
        self._pool = ConnectionPool(self._connector, pool_size)

    @classmethod
    def from_settings(cls, settings: Settings, *, pipelining: bool = True) -> SmtpTransport:
        return cls(
            settings.smtp_url,
            pool_size=settings.smtp_pool_size,
            timeout=settings.smtp_timeout,
            pipelining=pipelining,
        )

    @property
    def path(self) -> Path | None:
        """Which client serves the connections: "pipelined", "aiosmtplib", or None yet."""
        return self._connector.path

    async def connect(self, connections: int = 1) -> None:
        """Open `connections` (up to the pool size) now; TransportError if none can be."""
        await self._pool.connect(connections)

    async def send(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply:
        """One message; `gate` is asked immediately before MAIL FROM (see base.Gate)."""
        return await self._pool.send(envelope, gate)

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        """Messages from `feed` over one connection (see base.Transport.stream)."""
        await self._pool.stream(feed, gate)

    async def send_many(
        self, envelopes: Sequence[Envelope], gate: Gate | None = None
    ) -> list[SmtpReply]:
        return await self._pool.send_many(envelopes, gate)

    async def answered(self) -> None:
        await self._pool.answered()

    async def close(self) -> None:
        await self._pool.close()

    async def __aenter__(self) -> SmtpTransport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

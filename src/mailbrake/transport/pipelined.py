"""The fast path: MAIL FROM, RCPT TO and DATA in one write when the relay offers PIPELINING.

Per message: one write of the three commands, their three replies, then the dot-stuffed
content and its reply: two round trips instead of four. TLS (smtps://, smtp+starttls://) and
AUTH PLAIN/LOGIN are done here too; a relay without PIPELINING, or one that offers only other
AUTH mechanisms, is left to the aiosmtplib path (see smtp.py), with the same reply semantics.
"""

from __future__ import annotations

import ssl

from mailbrake.errors import TransportError
from mailbrake.models import Envelope, SmtpReply
from mailbrake.transport.base import (
    HALTED,
    Gate,
    SenderRefusedError,
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
from mailbrake.transport.pool import NotSentError
from mailbrake.transport.url import SmtpUrl
from mailbrake.transport.wire import LOGIN_MECHANISMS, SmtpWire, WireLostError

NETWORK_ERRORS = (WireLostError, OSError, TimeoutError)


class PipelinedConnection:
    def __init__(self, wire: SmtpWire) -> None:
        self._wire = wire
        self._broken = False

    @classmethod
    async def open(
        cls, url: SmtpUrl, *, timeout: float, tls_context: ssl.SSLContext, helo_name: str
    ) -> PipelinedConnection | None:
        """A logged-in connection, or None if this relay is not one for the pipelined path."""
        wire = await SmtpWire.connect(
            url, timeout=timeout, tls_context=tls_context, helo_name=helo_name
        )
        can_login = bool(wire.auth_mechanisms.intersection(LOGIN_MECHANISMS))
        if not wire.offers("pipelining") or (url.has_login and not can_login):
            await wire.quit()
            return None
        if url.username is not None:
            try:
                await wire.login(url.username, url.password or "")
            except NETWORK_ERRORS as exc:
                wire.abort()
                raise unreachable(url.address, describe(exc)) from None
            except TransportError:
                wire.abort()
                raise
        return cls(wire)

    @property
    def is_usable(self) -> bool:
        return not self._broken and self._wire.is_open

    async def deliver(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply:
        commands = envelope_commands(envelope, self._wire.extensions)
        if isinstance(commands, SmtpReply):
            return commands
        mail_line, rcpt_line = commands
        payload = message_payload(envelope.data)
        if not is_open(gate):  # no await from here to the write
            return HALTED
        self._wire.write(mail_line + b"\r\n" + rcpt_line + b"\r\nDATA\r\n")
        mail, rcpt, data = await self._read_three()
        failure = first_failure(mail, rcpt, data)
        if failure is not None:
            if is_closing(failure):
                self._broken = True
                raise NotSentError(failure, retryable=True)
            await self._abandon(data)
            if is_sender_refusal(mail):
                raise SenderRefusedError(self._wire.url.address, envelope.sender, mail)
            return failure
        try:
            final = await self._wire.send_and_read(payload)
        except NETWORK_ERRORS as exc:
            self._broken = True
            return no_reply(self._wire.url.address, describe(exc))
        if is_closing(final):
            self._broken = True
        return final

    async def close(self) -> None:
        if self._broken:  # its state is unknown: no QUIT, which might wait for a reply
            self._wire.abort()
            return
        self._broken = True
        await self._wire.quit()

    def abort(self) -> None:
        self._broken = True
        self._wire.abort()

    async def _read_three(self) -> tuple[SmtpReply, SmtpReply, SmtpReply]:
        replies: list[SmtpReply] = []
        try:
            await self._wire.read_replies(3, replies)
        except NETWORK_ERRORS as exc:
            self._broken = True
            # A refusal that came before the drop (say 421 to MAIL FROM) is the better answer.
            said = next((r for r in replies if r.code != 354 and not r.is_success), None)
            reason = f"the connection failed before the message was sent: {describe(exc)}"
            reply = said or not_sent(self._wire.url.address, reason)
            raise NotSentError(reply, retryable=not isinstance(exc, TimeoutError)) from None
        return replies[0], replies[1], replies[2]

    async def _abandon(self, data: SmtpReply) -> None:
        """End a refused transaction so the connection can carry the next message."""
        if self._broken:
            return
        try:
            if data.code == 354:  # RFC 2920: a server that said go-ahead gets an empty message
                await self._wire.command(b".")
            reset = await self._wire.command(b"RSET")
        except NETWORK_ERRORS:
            self._broken = True
            return
        if not reset.is_success:
            self._broken = True

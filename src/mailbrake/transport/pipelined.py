"""The fast path: MAIL FROM, RCPT TO and DATA in one write when the relay offers PIPELINING.

One message alone: one write of the three commands, their three replies, then the
dot-stuffed content and its reply: two round trips instead of four. In a stream, each
content shares its write with the next message's three commands: one write per message.
TLS (smtps://, smtp+starttls://) and AUTH PLAIN/LOGIN are done here too; a relay without
PIPELINING, or one that offers only other AUTH mechanisms, is left to the aiosmtplib path
(see smtp.py), with the same reply semantics.
"""

from __future__ import annotations

import asyncio
import ssl

from mailbrake.errors import TransportError
from mailbrake.models import Envelope, SmtpReply
from mailbrake.transport.base import (
    HALTED,
    Feed,
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
from mailbrake.transport.pool import NotSentError, SingleFeed
from mailbrake.transport.url import SmtpUrl
from mailbrake.transport.wire import LOGIN_MECHANISMS, SmtpWire, WireLostError

NETWORK_ERRORS = (WireLostError, OSError, TimeoutError)


class PipelinedConnection:
    def __init__(self, wire: SmtpWire) -> None:
        self._wire = wire
        self._broken = False
        self._mail_answered = asyncio.Event()  # cleared while a MAIL FROM awaits its reply
        self._mail_answered.set()

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
        feed = SingleFeed(envelope)
        await self.stream(feed, gate)
        if feed.reply is None:
            raise RuntimeError("the stream ended without a reply")
        return feed.reply

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        """Each message's content goes out in the same write as the next one's MAIL, RCPT
        and DATA (RFC 2920): one write and one round trip per message."""
        head = self._begin(feed, gate, b"")
        while head is not None:
            envelope, payload = head
            mail, rcpt, data = await self._read_three(envelope)
            failure = first_failure(mail, rcpt, data)
            if failure is not None:
                feed.done(envelope, await self._refused(envelope, mail, data, failure))
                if self._broken:  # the transaction could not be ended cleanly
                    return
                head = self._begin(feed, gate, b"")
                continue
            head = self._begin(feed, gate, payload)
            feed.done(envelope, await self._final())
            if head is not None and self._broken:
                # Its commands went out behind content the relay did not answer: not begun.
                reason = "the connection failed before the message was sent"
                reply = not_sent(self._wire.url.address, reason)
                raise NotSentError(reply, retryable=False, envelope=head[0])

    def _begin(self, feed: Feed, gate: Gate | None, prefix: bytes) -> tuple[Envelope, bytes] | None:
        """Write `prefix` (the previous content) with the next message's commands, if the feed
        has one and the gate is open: no await from the gate to the write."""
        while (envelope := feed.next()) is not None:
            commands = envelope_commands(envelope, self._wire.extensions)
            if isinstance(commands, SmtpReply):
                feed.done(envelope, commands)
                continue
            mail_line, rcpt_line = commands
            payload = message_payload(envelope.data)
            if not is_open(gate):
                feed.done(envelope, HALTED)
                break
            self._wire.write(prefix + mail_line + b"\r\n" + rcpt_line + b"\r\nDATA\r\n")
            self._mail_answered.clear()
            return envelope, payload
        if prefix:
            self._wire.write(prefix)
        return None

    async def _final(self) -> SmtpReply:
        """The reply to the content just written."""
        try:
            final = await self._wire.drain_and_read()
        except NETWORK_ERRORS as exc:
            self._broken = True
            return no_reply(self._wire.url.address, describe(exc))
        if is_closing(final):
            self._broken = True
        return final

    async def _refused(
        self, envelope: Envelope, mail: SmtpReply, data: SmtpReply, failure: SmtpReply
    ) -> SmtpReply:
        if is_closing(failure):
            self._broken = True
            raise NotSentError(failure, retryable=True, envelope=envelope)
        await self._abandon(data)
        if is_sender_refusal(mail):
            raise SenderRefusedError(self._wire.url.address, envelope.sender, mail)
        return failure

    async def answered(self) -> None:
        await self._mail_answered.wait()

    async def close(self) -> None:
        if self._broken:  # its state is unknown: no QUIT, which might wait for a reply
            self._wire.abort()
            return
        self._broken = True
        await self._wire.quit()

    def abort(self) -> None:
        self._broken = True
        self._wire.abort()

    async def _read_three(self, envelope: Envelope) -> tuple[SmtpReply, SmtpReply, SmtpReply]:
        replies: list[SmtpReply] = []
        try:
            await self._wire.read_replies(3, replies)
        except NETWORK_ERRORS as exc:
            self._broken = True
            # A refusal that came before the drop (say 421 to MAIL FROM) is the better answer.
            said = next((r for r in replies if r.code != 354 and not r.is_success), None)
            reason = f"the connection failed before the message was sent: {describe(exc)}"
            reply = said or not_sent(self._wire.url.address, reason)
            retryable = not isinstance(exc, TimeoutError)
            raise NotSentError(reply, retryable=retryable, envelope=envelope) from None
        finally:
            self._mail_answered.set()
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

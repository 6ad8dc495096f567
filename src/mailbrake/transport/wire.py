"""A small asyncio-streams SMTP client connection: greeting, EHLO, STARTTLS, AUTH and replies.

Only the pipelined path uses it; it exposes raw writes and reply reads so that a caller can
send several commands in one write (RFC 2920) and then read their replies in order.
"""

from __future__ import annotations

import asyncio
import base64
import ssl

from mailbrake.errors import TransportError
from mailbrake.models import SmtpReply
from mailbrake.transport.base import clean_text, describe, unreachable
from mailbrake.transport.url import Security, SmtpUrl

LOGIN_MECHANISMS = ("PLAIN", "LOGIN")


class WireLostError(Exception):
    """The connection closed, was reset, or sent something that is not an SMTP reply."""


class SmtpWire:
    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        url: SmtpUrl,
        timeout: float,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self.url = url
        self.timeout = timeout
        self.extensions: dict[str, str] = {}

    @classmethod
    async def connect(
        cls, url: SmtpUrl, *, timeout: float, tls_context: ssl.SSLContext, helo_name: str
    ) -> SmtpWire:
        """Connect, read the greeting, EHLO (and STARTTLS + EHLO again when the URL says so)."""
        wire = await cls._open(url, timeout, tls_context)
        try:
            await wire._expect(await wire.read_reply(), 220, "greeted us with")
            await wire.ehlo(helo_name)
            if url.security is Security.STARTTLS:
                await wire._start_tls(tls_context, helo_name)
        except (WireLostError, OSError, TimeoutError) as exc:
            wire.abort()
            raise unreachable(url.address, describe(exc)) from None
        except TransportError:
            wire.abort()
            raise
        return wire

    @classmethod
    async def _open(cls, url: SmtpUrl, timeout: float, tls_context: ssl.SSLContext) -> SmtpWire:
        implicit_tls = tls_context if url.security is Security.TLS else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    url.host, url.port, ssl=implicit_tls, limit=1 << 16
                )
        except (OSError, TimeoutError) as exc:
            raise unreachable(url.address, describe(exc)) from None
        return cls(reader, writer, url, timeout)

    @property
    def is_open(self) -> bool:
        return not self._writer.is_closing() and not self._reader.at_eof()

    @property
    def auth_mechanisms(self) -> set[str]:
        return set(self.extensions.get("auth", "").upper().split())

    def offers(self, extension: str) -> bool:
        return extension.lower() in self.extensions

    async def ehlo(self, helo_name: str) -> bool:
        """Send EHLO and record the extensions; False if the server only speaks plain SMTP."""
        reply = await self.command(f"EHLO {helo_name}".encode())
        if not reply.is_success:
            self.extensions = {}
            return False
        self.extensions = {}
        for line in reply.text.splitlines()[1:]:
            keyword, _, params = line.strip().partition(" ")
            self.extensions[keyword.lower()] = params.strip()
        return True

    async def login(self, username: str, password: str) -> None:
        """AUTH PLAIN, else AUTH LOGIN; TransportError naming the user if refused."""
        if "PLAIN" in self.auth_mechanisms:
            secret = f"\0{username}\0{password}".encode()
            reply = await self.command(b"AUTH PLAIN " + base64.b64encode(secret))
        else:
            reply = await self.command(b"AUTH LOGIN")
            if reply.code == 334:
                reply = await self.command(base64.b64encode(username.encode()))
            if reply.code == 334:
                reply = await self.command(base64.b64encode(password.encode()))
        if reply.code != 235:
            raise TransportError(
                f"The SMTP relay at {self.url.address} refused the login for user "
                f"{username!r} ({reply.code} {reply.text}).",
                hint="Check the user and password in MAILBRAKE_SMTP_URL.",
            )

    def write(self, data: bytes) -> None:
        self._writer.write(data)

    async def drain_and_read(self) -> SmtpReply:
        """Wait for the kernel to take what was written, then read one reply."""
        async with asyncio.timeout(self.timeout):
            await self._writer.drain()
            return await self._read_reply()

    async def command(self, line: bytes) -> SmtpReply:
        self._writer.write(line + b"\r\n")
        return await self.read_reply()

    async def read_reply(self) -> SmtpReply:
        """One (possibly multi-line) reply; WireLostError or TimeoutError if none comes."""
        async with asyncio.timeout(self.timeout):
            return await self._read_reply()

    async def read_replies(self, count: int, into: list[SmtpReply]) -> None:
        """`count` replies to pipelined commands, appended to `into` as each arrives."""
        async with asyncio.timeout(self.timeout):  # one timer for the group: this is hot
            for _ in range(count):
                into.append(await self._read_reply())

    async def _read_reply(self) -> SmtpReply:
        lines: list[bytes] = []
        while True:
            try:
                line = await self._reader.readline()
            except ValueError:  # longer than the stream limit
                raise WireLostError("a reply line was too long") from None
            if not line.endswith(b"\n"):
                raise WireLostError("the relay closed the connection")
            if len(line) < 4 or not line[:3].isdigit():
                raise WireLostError(f"the relay sent a malformed reply: {line[:80]!r}")
            lines.append(line[4:].strip(b" \t\r\n"))
            if line[3:4] != b"-":
                return SmtpReply(int(line[:3]), clean_text(b"\n".join(lines)))

    async def quit(self) -> None:
        """Say goodbye politely, but never wait long for it."""
        try:
            if self.is_open:
                self._writer.write(b"QUIT\r\n")
                async with asyncio.timeout(min(self.timeout, 2.0)):
                    await self._reader.readline()
        except (OSError, TimeoutError, ValueError):
            pass
        finally:
            self.abort()

    def abort(self) -> None:
        self._writer.transport.abort()

    async def _expect(self, reply: SmtpReply, code: int, what: str) -> None:
        if reply.code != code:
            raise TransportError(
                f"The SMTP relay at {self.url.address} {what} {reply.code} {reply.text}.",
                hint="Check MAILBRAKE_SMTP_URL, or ask the relay's operator why it refuses us.",
            )

    async def _start_tls(self, tls_context: ssl.SSLContext, helo_name: str) -> None:
        if not self.offers("starttls"):
            raise TransportError(
                f"The SMTP relay at {self.url.address} does not offer STARTTLS.",
                hint="Use smtp:// for a relay without TLS or smtps:// for TLS on connect.",
            )
        await self._expect(await self.command(b"STARTTLS"), 220, "answered STARTTLS with")
        async with asyncio.timeout(self.timeout):
            await self._writer.start_tls(tls_context, server_hostname=self.url.host)
        await self.ehlo(helo_name)

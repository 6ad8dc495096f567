"""Pass a clean message straight on to the upstream relay and bring back its answer."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import aiosmtplib

from mailbrake.transport.url import Security, SmtpUrl

NETWORK_ERRORS = (
    OSError,
    TimeoutError,
    aiosmtplib.SMTPConnectError,
    aiosmtplib.SMTPServerDisconnected,
    aiosmtplib.SMTPTimeoutError,
)


@dataclass(frozen=True, slots=True)
class UpstreamReply:
    """The upstream's answer, as the gateway passes it back to the client."""

    code: int  # 250 accepted; 4xx/5xx as the upstream said; 451 when it could not be reached
    text: str
    refused: tuple[str, ...] = ()  # recipients the upstream refused while taking the rest

    @property
    def is_success(self) -> bool:
        return 200 <= self.code < 300

    def as_smtp(self) -> str:
        """One SMTP reply line for the client, with an enhanced status code."""
        if self.is_success:
            extra = f" ({len(self.refused)} recipient(s) refused upstream)" if self.refused else ""
            return f"250 2.0.0 Relayed{extra}: {self.text}"[:500]
        enhanced = "4.4.1" if self.code < 500 else "5.0.0"
        return f"{self.code} {enhanced} Upstream relay: {self.text}"[:500]


class UpstreamPool:
    """Connections to the upstream relay kept open between messages (on the gateway's own
    event loop), so a relayed message costs one SMTP transaction, not a connect and EHLO."""

    def __init__(self, url: SmtpUrl, *, timeout: float, local_hostname: str, size: int) -> None:
        self._url = url
        self._timeout = timeout
        self._hostname = local_hostname
        self._idle: list[aiosmtplib.SMTP] = []
        self._size = size

    async def relay(self, mail_from: str, recipients: list[str], data: bytes) -> UpstreamReply:
        """One transaction; a connection that failed is dropped and one retry is made on a
        fresh one when the failure came before the upstream could have taken the message."""
        client = self._idle.pop() if self._idle else None
        if client is not None and client.is_connected:
            try:
                return await self._send(client, mail_from, recipients, data)
            except _StaleConnectionError:
                pass  # the relay closed an idle connection: start over on a new one
        return await self._fresh(mail_from, recipients, data)

    async def _fresh(self, mail_from: str, recipients: list[str], data: bytes) -> UpstreamReply:
        client = self._client()
        try:
            await client.connect()
        except aiosmtplib.SMTPResponseException as exc:
            return UpstreamReply(exc.code, exc.message)
        except NETWORK_ERRORS as exc:
            return UpstreamReply(
                451, f"the upstream relay at {self._url.address} is unreachable ({exc})"
            )
        except aiosmtplib.SMTPException as exc:
            return UpstreamReply(451, f"the upstream relay at {self._url.address} failed: {exc}")
        try:
            return await self._send(client, mail_from, recipients, data)
        except _StaleConnectionError as exc:
            return UpstreamReply(
                451, f"the upstream relay at {self._url.address} dropped us ({exc})"
            )

    async def _send(
        self, client: aiosmtplib.SMTP, mail_from: str, recipients: list[str], data: bytes
    ) -> UpstreamReply:
        try:
            if client.is_ehlo_or_helo_needed:
                await client.ehlo()
            await client.mail(mail_from)
        except aiosmtplib.SMTPServerDisconnected as exc:
            raise _StaleConnectionError(str(exc)) from None  # nothing was taken: safe to try again
        except aiosmtplib.SMTPResponseException as exc:
            return await self._refused(client, exc.code, exc.message)
        except NETWORK_ERRORS as exc:
            raise _StaleConnectionError(str(exc)) from None
        try:
            return await self._deliver(client, recipients, data)
        except NETWORK_ERRORS as exc:
            client.close()
            return UpstreamReply(451, f"the upstream relay at {self._url.address} failed ({exc})")

    async def _deliver(
        self, client: aiosmtplib.SMTP, recipients: list[str], data: bytes
    ) -> UpstreamReply:
        refused: list[tuple[str, aiosmtplib.SMTPRecipientRefused]] = []
        for recipient in recipients:
            try:
                await client.rcpt(recipient)
            except aiosmtplib.SMTPRecipientRefused as exc:
                refused.append((recipient, exc))
        if len(refused) == len(recipients):
            first = refused[0][1]
            return await self._refused(client, first.code, first.message)
        try:
            response = await client.data(data)
        except aiosmtplib.SMTPResponseException as exc:
            return await self._refused(client, exc.code, exc.message)
        self._keep(client)
        return UpstreamReply(response.code, response.message, tuple(r for r, _ in refused))

    async def _refused(self, client: aiosmtplib.SMTP, code: int, text: str) -> UpstreamReply:
        await _reset_or_close(client)
        self._keep(client)
        return UpstreamReply(code, text)

    def _keep(self, client: aiosmtplib.SMTP) -> None:
        if client.is_connected and len(self._idle) < self._size:
            self._idle.append(client)
        else:
            client.close()

    def _client(self) -> aiosmtplib.SMTP:
        url = self._url
        return aiosmtplib.SMTP(
            hostname=url.host,
            port=url.port,
            username=url.username,
            password=url.password if url.username is not None else None,
            use_tls=url.security is Security.TLS,
            start_tls=url.security is Security.STARTTLS,
            tls_context=ssl.create_default_context(),
            timeout=self._timeout,
            local_hostname=self._hostname,
        )

    def close(self) -> None:
        for client in self._idle:
            client.close()
        self._idle.clear()


class _StaleConnectionError(Exception):
    """The connection was gone before the upstream answered MAIL FROM."""


async def _reset_or_close(client: aiosmtplib.SMTP) -> None:
    try:
        await client.rset()
    except aiosmtplib.SMTPException:
        client.close()

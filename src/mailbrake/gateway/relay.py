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


async def relay(
    url: SmtpUrl,
    mail_from: str,
    recipients: list[str],
    data: bytes,
    *,
    timeout: float,
    local_hostname: str,
) -> UpstreamReply:
    """One SMTP transaction with the upstream; never raises for a network or SMTP failure:
    an unreachable relay is a 451 (the client retries), a refusal is passed back as is."""
    client = aiosmtplib.SMTP(
        hostname=url.host,
        port=url.port,
        username=url.username,
        password=url.password if url.username is not None else None,
        use_tls=url.security is Security.TLS,
        start_tls=url.security is Security.STARTTLS,
        tls_context=ssl.create_default_context(),
        timeout=timeout,
        local_hostname=local_hostname,
    )
    try:
        async with client:
            errors, text = await client.sendmail(mail_from, recipients, data)
    except aiosmtplib.SMTPRecipientsRefused as exc:
        first = exc.recipients[0]
        return UpstreamReply(first.code, first.message)
    except aiosmtplib.SMTPResponseException as exc:
        return UpstreamReply(exc.code, exc.message)
    except NETWORK_ERRORS as exc:
        return UpstreamReply(451, f"the upstream relay at {url.address} is unreachable ({exc})")
    except aiosmtplib.SMTPException as exc:
        return UpstreamReply(451, f"the upstream relay at {url.address} failed: {exc}")
    return UpstreamReply(250, text, tuple(sorted(errors)))

"""Parse MAILBRAKE_SMTP_URL (smtp://, smtp+starttls://, smtps://) into a frozen SmtpUrl."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from mailbrake.errors import SettingsError


class Security(StrEnum):
    PLAIN = "smtp"
    STARTTLS = "smtp+starttls"
    TLS = "smtps"  # TLS from the first byte (port 465)


DEFAULT_PORTS = {Security.PLAIN: 25, Security.STARTTLS: 587, Security.TLS: 465}


@dataclass(frozen=True, slots=True)
class SmtpUrl:
    security: Security
    host: str
    port: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        """host:port as people write it (IPv6 in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def has_login(self) -> bool:
        return self.username is not None

    def masked(self) -> str:
        """The URL with the password replaced by ***, safe for logs and errors."""
        login = ""
        if self.username is not None:
            login = f"{self.username}:***@" if self.password is not None else f"{self.username}@"
        return f"{self.security}://{login}{self.address}"


def parse_smtp_url(url: str) -> SmtpUrl:
    """Read an SMTP relay URL; a bad one raises SettingsError naming MAILBRAKE_SMTP_URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError as exc:
        raise _bad(url, f"the port is not a number from 1 to 65535 ({exc})") from None
    try:
        security = Security(parts.scheme.lower())
    except ValueError:
        allowed = ", ".join(f"{s}://" for s in Security)
        raise _bad(url, f"the scheme must be one of {allowed}") from None
    if not parts.hostname:
        raise _bad(url, "it needs a host, e.g. smtp://relay.example.org:587")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise _bad(url, "it must not have a path, query or fragment")
    if port == 0:
        raise _bad(url, "the port is not a number from 1 to 65535")
    username = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    if password is not None and not username:
        raise _bad(url, "a password needs a user name (smtp://USER:PASSWORD@host)")
    return SmtpUrl(
        security=security,
        host=parts.hostname,
        port=port or DEFAULT_PORTS[security],
        username=username or None,
        password=password,
    )


def mask_password(url: str) -> str:
    """The raw URL with any password replaced by ***, even when it does not parse."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    login, at, hostpart = rest.rpartition("@")
    if not at:
        return url
    user, colon, _ = login.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{hostpart}"


def _bad(url: str, reason: str) -> SettingsError:
    return SettingsError(
        f"Setting smtp_url = {mask_password(url)!r} (MAILBRAKE_SMTP_URL) is invalid: {reason}.",
        hint="Use smtp://HOST:PORT, smtp+starttls://USER:PASSWORD@HOST:587 or smtps://HOST:465;"
        " percent-encode special characters in the user and password.",
    )

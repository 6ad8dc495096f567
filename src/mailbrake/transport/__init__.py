"""How mail leaves: SMTP to a relay (with a pipelined fast path), or capture for trying out.

`make_transport(settings)` does no I/O; the relay is first contacted by `connect()` or the
first send (see transport/smtp.py). "capture://" is not a relay URL: callers that want
capture construct CaptureTransport themselves.
"""

from mailbrake.settings import Settings
from mailbrake.transport.base import Transport
from mailbrake.transport.capture import CaptureTransport
from mailbrake.transport.smtp import SmtpTransport
from mailbrake.transport.url import Security, SmtpUrl, parse_smtp_url


def make_transport(settings: Settings) -> SmtpTransport:
    """The transport for settings.smtp_url, smtp_pool_size and smtp_timeout."""
    return SmtpTransport.from_settings(settings)


__all__ = [
    "CaptureTransport",
    "Security",
    "SmtpTransport",
    "SmtpUrl",
    "Transport",
    "make_transport",
    "parse_smtp_url",
]

"""Envelopes for transport tests."""

from __future__ import annotations

from mailbrake.models import Envelope


def make_envelope(n: int, recipient: str | None = None, body: bytes | None = None) -> Envelope:
    data = body if body is not None else f"Subject: message {n}\r\n\r\nHello {n}.\r\n".encode()
    return Envelope(
        sender="news@example.org",
        recipient=recipient or f"reader{n}@example.net",
        data=data,
        message_id=f"<{n}@example.org>",
    )

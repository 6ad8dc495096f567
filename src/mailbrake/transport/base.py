"""The Transport protocol and the reply and wire rules every SMTP path shares.

Reply semantics, identical on every path:
- the server's reply (code and text) when it answered the message;
- code 0 ("no reply") when the connection dropped or timed out after the message content was
  sent: the relay may or may not have accepted it, so the engine must not resend blindly;
- a locally made 421 ("4.4.2 Not sent by mailbrake: ...") when the message certainly did not
  reach the relay (the connection failed before the content was sent); it is safe to retry;
- a locally made 5xx when the message cannot be sent through this relay at all (an address
  with control characters, or non-ASCII without SMTPUTF8);
- HALTED (see `is_halted`) when the caller's gate said no just before MAIL FROM: nothing of
  the message was written, and the caller's brake decides what becomes of it.

A relay that refuses the sender itself (5xx to MAIL FROM, e.g. 530 5.7.0 authentication
required) refuses every message alike: that raises SenderRefusedError, a TransportError.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from mailbrake.errors import TransportError
from mailbrake.models import Envelope, SmtpReply

_LINE_ENDINGS = re.compile(rb"\r\n|\n|\r(?!\n)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# Asked immediately before MAIL FROM is written, with no await in between: False stops the
# message there (a stop may arrive while a new connection is being opened).
Gate = Callable[[], bool]
HALTED = SmtpReply(421, "4.7.0 Not sent by mailbrake: the brake went on before MAIL FROM.")


class Feed(Protocol):
    """Messages handed to a transport one at a time, so that it can pipeline the next
    message's MAIL FROM behind the current one's content (RFC 2920)."""

    def next(self) -> Envelope | None:
        """The next message, or None to end the stream. Asked synchronously just before the
        write that would carry its MAIL FROM (the gate is asked after it, no await between)."""
        ...

    def done(self, envelope: Envelope, reply: SmtpReply) -> None:
        """The reply for a message `next` gave (HALTED when the gate said no)."""
        ...


class Transport(Protocol):
    async def send(self, envelope: Envelope, gate: Gate | None = None) -> SmtpReply: ...

    async def stream(self, feed: Feed, gate: Gate | None = None) -> None:
        """Send what `feed` gives over one connection until it gives None. A message taken
        from the feed without a `done` when this raises (SenderRefusedError, TransportError)
        was not begun."""
        ...

    async def send_many(
        self, envelopes: Sequence[Envelope], gate: Gate | None = None
    ) -> list[SmtpReply]:
        """One reply per envelope, same order; never raises for a per-message failure."""
        ...

    async def answered(self) -> None:
        """Until every MAIL FROM written so far has its reply: after a brake went on, the
        relay then begins no transaction that it has not begun already."""
        ...

    async def close(self) -> None: ...


class SenderRefusedError(TransportError):
    """The relay refused our envelope sender (5xx to MAIL FROM): every message would fail."""

    def __init__(self, address: str, sender: str, reply: SmtpReply) -> None:
        super().__init__(
            f"The SMTP relay at {address} refused the sender <{sender}> "
            f"({reply.code} {reply.text}).",
            hint="Check the From address and the login in MAILBRAKE_SMTP_URL.",
        )
        self.sender = sender
        self.reply = reply


def is_halted(reply: SmtpReply) -> bool:
    """The gate stopped this message before MAIL FROM: it was certainly not sent."""
    return reply is HALTED or reply == HALTED


def is_open(gate: Gate | None) -> bool:
    return gate is None or gate()


def is_sender_refusal(mail: SmtpReply) -> bool:
    """A permanent refusal of MAIL FROM is about the sender, which all messages share."""
    return mail.is_permanent


def not_sent(address: str, reason: str) -> SmtpReply:
    """The message certainly did not reach the relay: transient, safe to send again."""
    return SmtpReply(421, f"4.4.2 Not sent by mailbrake: {reason.rstrip('.')} (relay {address}).")


def no_reply(address: str, reason: str) -> SmtpReply:
    """The content went out but no reply came back: the outcome is unknown."""
    return SmtpReply(
        0,
        f"No reply from the relay {address} after the message was sent ({reason}); "
        "it may or may not have been accepted.",
    )


def unreachable(address: str, reason: str) -> TransportError:
    return TransportError(
        f"Cannot reach the SMTP relay at {address} ({reason}).",
        hint="Check MAILBRAKE_SMTP_URL or start `mailbrake sink`.",
    )


def describe(exc: BaseException) -> str:
    """A short human reason for a network error ("Connection refused", "timed out")."""
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"its TLS certificate is not trusted: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    if isinstance(exc, socket.gaierror) and exc.strerror:
        return f"cannot resolve the host name: {exc.strerror}"
    if isinstance(exc, OSError) and exc.errno is not None and exc.errno > 0:
        return os.strerror(exc.errno)
    if exc.__cause__ is not None:  # libraries wrap the OSError that says what happened
        return describe(exc.__cause__)
    text = str(exc).strip()
    return text or type(exc).__name__


def clean_text(text: bytes | str) -> str:
    """Reply text safe to store anywhere: undecodable bytes become U+FFFD."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    return text.decode("utf-8", "replace")


def default_helo_name() -> str:
    # gethostname() needs no DNS lookup, unlike getfqdn(), which can stall for seconds.
    name = socket.gethostname().strip()
    return name if name and name.isascii() and " " not in name else "localhost"


def message_payload(data: bytes) -> bytes:
    """The DATA content as it goes on the wire: CRLF line endings, dot-stuffed, final dot."""
    crlf = data.count(b"\r\n")
    if data.count(b"\n") != crlf or data.count(b"\r") != crlf:  # a bare LF or CR somewhere
        data = _LINE_ENDINGS.sub(b"\r\n", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    # Every line now starts at the beginning or after "\n": no regex needed (this is hot).
    data = data.replace(b"\n.", b"\n..")
    if data.startswith(b"."):
        data = b"." + data
    return data + b".\r\n"


def envelope_commands(
    envelope: Envelope, extensions: Mapping[str, str]
) -> tuple[bytes, bytes] | SmtpReply:
    """The MAIL FROM and RCPT TO lines (without CRLF), or a local reply if it cannot be sent."""
    for address in (envelope.sender, envelope.recipient):
        if _CONTROL.search(address):
            return SmtpReply(501, f"5.1.3 Not sent by mailbrake: address {address!r} is invalid.")
    params: list[bytes] = []
    needs_utf8 = not (envelope.sender.isascii() and envelope.recipient.isascii())
    if needs_utf8:
        if "smtputf8" not in extensions:
            return SmtpReply(
                553,
                "5.6.7 Not sent by mailbrake: the relay does not offer SMTPUTF8, "
                "which a non-ASCII address needs.",
            )
        params.append(b"SMTPUTF8")
    if "8bitmime" in extensions and not envelope.data.isascii():
        params.append(b"BODY=8BITMIME")
    mail = b" ".join([b"MAIL FROM:<" + envelope.sender.encode() + b">", *params])
    rcpt = b"RCPT TO:<" + envelope.recipient.encode() + b">"
    return mail, rcpt


def first_failure(
    mail: SmtpReply, rcpt: SmtpReply | None = None, data: SmtpReply | None = None
) -> SmtpReply | None:
    """The reply that ended a MAIL/RCPT/DATA exchange early, if any (DATA must get 354)."""
    if not mail.is_success:
        return mail
    if rcpt is not None and not rcpt.is_success:
        return rcpt
    if data is not None and data.code != 354:
        return data
    return None


def is_closing(reply: SmtpReply) -> bool:
    """421: the server is about to close the connection; do not reuse it."""
    return reply.code == 421

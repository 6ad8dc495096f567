"""The wire rules both paths share: payload encoding and the envelope commands."""

from __future__ import annotations

from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings
from hypothesis import given
from hypothesis import strategies as st

from mailbrake.models import Envelope, SmtpReply
from mailbrake.transport.base import envelope_commands, message_payload

PIECES = st.sampled_from([b"\r\n", b"\n", b"\r", b".", b"..", b"a", b"\xc3\xa9", b" "])


@given(st.lists(PIECES, max_size=40).map(b"".join))
def test_payload_is_exactly_what_aiosmtplib_puts_on_the_wire(data: bytes) -> None:
    expected = PERIOD_REGEX.sub(b"..", normalize_message_line_endings(data)) + b".\r\n"
    assert message_payload(data) == expected


def envelope(sender: str, recipient: str, data: bytes = b"x\r\n") -> Envelope:
    return Envelope(sender, recipient, data, "<1@x>")


def test_commands_ask_for_8bitmime_and_smtputf8_only_when_needed_and_offered() -> None:
    offered = {"8bitmime": "", "smtputf8": ""}
    plain = envelope_commands(envelope("a@x.org", "b@y.org"), offered)
    assert plain == (b"MAIL FROM:<a@x.org>", b"RCPT TO:<b@y.org>")
    eight_bit = envelope_commands(envelope("a@x.org", "b@y.org", "é".encode()), offered)
    assert eight_bit == (b"MAIL FROM:<a@x.org> BODY=8BITMIME", b"RCPT TO:<b@y.org>")
    utf8 = envelope_commands(envelope("a@x.org", "jö@y.org"), offered)
    assert utf8 == (b"MAIL FROM:<a@x.org> SMTPUTF8", "RCPT TO:<jö@y.org>".encode())


def test_non_ascii_address_without_smtputf8_is_a_local_permanent_refusal() -> None:
    reply = envelope_commands(envelope("a@x.org", "jö@y.org"), {})
    assert isinstance(reply, SmtpReply)
    assert reply.code == 553
    assert "SMTPUTF8" in reply.text


def test_null_sender_for_bounces_is_allowed() -> None:
    assert envelope_commands(envelope("", "b@y.org"), {}) == (
        b"MAIL FROM:<>",
        b"RCPT TO:<b@y.org>",
    )

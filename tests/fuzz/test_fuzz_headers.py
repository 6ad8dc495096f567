"""Header building under any subject, name and sender: no injected header, same values back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.header import decode_header, make_header

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from mailbrake.errors import MailbrakeError
from mailbrake.mime.builder import build_message
from mailbrake.mime.context import MessageContext
from mailbrake.mime.fast import MessageFactory
from mailbrake.mime.templates import compile_templates
from mailbrake.models import MailoutContent, Subscriber
from tests.mime.wire import decode_addresses, parse

BOUNDED = settings(max_examples=150, deadline=None)
Builder = Callable[[MailoutContent, Subscriber, MessageContext], bytes]
CTX = MessageContext(
    mailout_id=42,
    list_id=7,
    list_name="All Staff",
    secret=b"fuzz-secret-0123456789abcdef",
    public_url="http://127.0.0.1:8025",
    date=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
)
HEADERS = [
    "from", "to", "subject", "date", "message-id", "mime-version", "list-id",
    "list-unsubscribe", "list-unsubscribe-post", "x-mailbrake-mailout", "content-type",
    "content-transfer-encoding",
]  # fmt: skip
# Text that tries to end a header early or smuggle one in, mixed with anything else.
HOSTILE = st.sampled_from(
    ["\r\nBcc: x@evil.example", "\n", "\r", "\u2028", "\x85", "=?utf-8?q?=0D=0ABcc:_x?=", "\x00",
     ":", "<", ">", '"', ",", "Bcc: x@evil.example", " ", "\t", "Zoë", "=?", "?="]
)  # fmt: skip
TEXT = st.lists(st.text(max_size=12) | HOSTILE, max_size=6).map("".join)


def fast_path(content: MailoutContent, person: Subscriber, ctx: MessageContext) -> bytes:
    return MessageFactory(content, compile_templates(content), ctx).build(person).data


def slow_path(content: MailoutContent, person: Subscriber, ctx: MessageContext) -> bytes:
    return build_message(content, compile_templates(content), person, ctx)


def decoded(raw: str) -> str:
    return str(make_header(decode_header(raw.replace("\r\n", "").replace("\n", ""))))


@pytest.mark.parametrize("build", [fast_path, slow_path], ids=["fast", "slow"])
@BOUNDED
@given(subject=TEXT, name=TEXT, sender=TEXT)
def test_built_message_has_exactly_its_headers_with_the_values_given(
    build: Builder, subject: str, name: str, sender: str
) -> None:
    content = MailoutContent(
        from_addr=f"{sender} <news@example.org>", subject="{{ s }}", text="Hello {{ name }}"
    )
    person = Subscriber(3, "ann@example.org", name, {"s": subject})
    try:
        data = build(content, person, CTX)
    except MailbrakeError:
        event("refused")
        return  # refused with a message naming the field (tests/mime/test_headers.py)
    event("built")
    message = parse(data)
    assert [key.lower() for key, _ in message.raw_items()] == HEADERS
    raw = dict(message.raw_items())
    assert decoded(raw["Subject"]) == subject.strip()
    assert decode_addresses(raw["To"]) == [(" ".join(name.split()), "ann@example.org")]
    [(_, from_address)] = decode_addresses(raw["From"])
    assert from_address == "news@example.org"
    head = data.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc" not in head
    assert b"\rBcc" not in head

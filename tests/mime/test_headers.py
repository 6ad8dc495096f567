"""Header safety: no injected lines, valid addresses only, RFC 2047 that decodes to the text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbrake.errors import InputError
from mailbrake.mime.builder import build_message
from mailbrake.mime.context import MessageContext
from mailbrake.mime.fast import MessageFactory
from mailbrake.mime.headers import (
    LINE_BREAK,
    address_header,
    check_address,
    encoded_words,
    parse_from,
    unstructured_header,
)
from mailbrake.mime.templates import compile_templates
from mailbrake.models import MailoutContent, Subscriber
from tests.mime.wire import decode_addresses, lines_of, parse

Builder = Callable[[MailoutContent, Subscriber, MessageContext], bytes]


def fast_path(content: MailoutContent, person: Subscriber, ctx: MessageContext) -> bytes:
    return MessageFactory(content, compile_templates(content), ctx).build(person).data


def slow_path(content: MailoutContent, person: Subscriber, ctx: MessageContext) -> bytes:
    return build_message(content, compile_templates(content), person, ctx)


BOTH_PATHS = pytest.mark.parametrize("build", [fast_path, slow_path], ids=["fast", "slow"])


@BOTH_PATHS
@pytest.mark.parametrize("injected", ["\r\nBcc: x@evil.example", "\nBcc: x", "\rBcc: x", "\u2028x"])
def test_line_break_from_a_recipient_field_in_the_subject_is_rejected(
    build: Builder, injected: str, content: MailoutContent, ctx: MessageContext
) -> None:
    person = Subscriber(3, "a@example.org", "A", {"company": f"ACME{injected}"})
    content = replace(content, subject="News for {{ company }}")
    with pytest.raises(InputError) as caught:
        build(content, person, ctx)
    [problem] = caught.value.problems
    assert (problem.where, problem.reason) == ("subject", LINE_BREAK)


@BOTH_PATHS
def test_line_break_in_a_recipient_name_is_rejected(
    build: Builder, content: MailoutContent, ctx: MessageContext
) -> None:
    person = Subscriber(3, "a@example.org", "Eve\r\nBcc: x@evil.example")
    with pytest.raises(InputError) as caught:
        build(content, person, ctx)
    [problem] = caught.value.problems
    assert (problem.where, problem.field, problem.reason) == ("subscriber 3", "name", LINE_BREAK)


@BOTH_PATHS
def test_line_break_in_the_from_address_is_rejected(
    build: Builder, content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    content = replace(content, from_addr="news@example.org\r\nBcc: x@evil.example")
    with pytest.raises(InputError) as caught:
        build(content, zoe, ctx)
    assert caught.value.problems[0].where == "from address"


@BOTH_PATHS
@pytest.mark.parametrize(
    "address",
    [
        "not-an-address",
        "a@b@c",
        "a b@example.org",
        "x@example.org>, <y@evil",
        "zoë@例え.jp",
        "x@-example.org",
        "x@example.org.",
        f"{'x' * 65}@example.org",
    ],
)
def test_recipient_address_that_is_not_plain_ascii_local_at_domain_is_rejected(
    build: Builder, address: str, content: MailoutContent, ctx: MessageContext
) -> None:
    with pytest.raises(InputError) as caught:
        build(content, Subscriber(4, address, "X"), ctx)
    assert (caught.value.problems[0].where, caught.value.problems[0].field) == (
        "subscriber 4",
        "email",
    )


@BOTH_PATHS
def test_text_utf8_cannot_carry_is_an_input_error(
    build: Builder, content: MailoutContent, ctx: MessageContext
) -> None:
    with pytest.raises(InputError, match="cannot be encoded as UTF-8"):
        build(content, Subscriber(5, "a@example.org", "Bad \udcff byte"), ctx)


def test_parse_from_accepts_name_and_address_or_bare_address() -> None:
    assert parse_from("Zoë  Ünal <zoe@example.org>") == ("Zoë Ünal", "zoe@example.org")
    assert parse_from("news@example.org") == ("", "news@example.org")


@pytest.mark.parametrize("from_addr", ["a@example.org, b@example.org", "<a@example.org> junk"])
def test_from_address_must_be_exactly_one_address(from_addr: str) -> None:
    with pytest.raises(InputError, match="exactly one address"):
        parse_from(from_addr)


def test_check_address_names_the_problem() -> None:
    with pytest.raises(InputError, match=r"people.csv:3 \[email\]: 'x' is not an email address"):
        check_address("x", "people.csv:3")


@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=300))
def test_encoded_words_decode_to_the_text_and_fit_rfc2047(value: str) -> None:
    words = encoded_words(value)
    assert all(len(word) <= 75 for word in words)
    header = unstructured_header("Subject", value).decode()
    raw = header.split(": ", 1)[1]
    message = parse(f"Subject: {raw}\r\n".encode())
    assert str(message["subject"]) == value
    assert all(len(line) <= 78 for line in lines_of(header.encode()))


def test_plain_subject_is_sent_as_is_and_folded_at_spaces() -> None:
    assert unstructured_header("Subject", "Quarterly figures") == b"Subject: Quarterly figures\r\n"
    folded = unstructured_header("Subject", "word " * 30 + "end")
    assert b"=?" not in folded
    assert all(len(line) <= 78 for line in lines_of(folded))
    assert (
        folded.replace(b"\r\n ", b" ") == b"Subject: " + ("word " * 30 + "end").encode() + b"\r\n"
    )


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Zoe Unal", b"To: Zoe Unal <z@example.org>\r\n"),
        ("Smith, John", b'To: "Smith, John" <z@example.org>\r\n'),
        ("", b"To: z@example.org\r\n"),
        ("Zoë", b"To: =?utf-8?b?Wm/Dqw==?= <z@example.org>\r\n"),
    ],
)
def test_address_header_forms(display: str, expected: bytes) -> None:
    assert address_header("To", display, "z@example.org") == expected


def test_a_typical_non_ascii_name_is_one_encoded_word_every_parser_reads_alike() -> None:
    header = address_header("To", "山田太郎 (営業部)", "t@example.jp")
    assert header.count(b"=?utf-8?") == 1
    parsed = parse(header + b"\r\n")["to"].addresses[0]
    assert parsed.display_name == "山田太郎 (営業部)"


@given(st.text(st.characters(exclude_characters="\r\n", codec="utf-8"), max_size=200))
def test_address_header_round_trips_any_clean_name(name: str) -> None:
    display = " ".join(name.split())
    header = address_header("To", display, "z@example.org")
    assert decode_addresses(header.decode().split(": ", 1)[1]) == [(display, "z@example.org")]
    if b"=?" in header:  # plain names may run long (legal up to 998); encoded ones fold
        assert all(len(line) <= 78 for line in lines_of(header))

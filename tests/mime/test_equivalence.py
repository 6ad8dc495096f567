"""The fast path sends what the reference path sends: same headers, structure, text and files."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbrake.mime.builder import build_message
from mailbrake.mime.context import MessageContext
from mailbrake.mime.fast import MessageFactory
from mailbrake.mime.templates import compile_templates
from mailbrake.models import Attachment, MailoutContent, Subscriber
from tests.mime.wire import (
    assert_wire_ready,
    body_lines,
    header_view,
    lines_of,
    parse,
    part_views,
)

LINE_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"
FIELD_TEMPLATES = MailoutContent(
    from_addr="Zoë Ünal <news@example.org>",
    subject="{{ s }}",
    text="{{ t }}",
    html="<html><body>{{ h }}</body></html>",
)
ATTACHMENTS = (
    Attachment("report.pdf", "application/pdf", bytes(range(256)) * 40),
    Attachment("people.csv", "", "name,city\nZoë,Köln\n".encode()),
    Attachment("Übersicht März 2026.xlsx", "", b"PK\x03\x04" + b"\x00" * 100),
    Attachment('logo "final".png', "image/png", b"\x89PNG\r\n\x1a\n" + b"\x01" * 60),
    Attachment("empty.txt", "text/plain", b""),
)


def build_both(
    content: MailoutContent, recipient: Subscriber, ctx: MessageContext
) -> tuple[bytes, bytes]:
    templates = compile_templates(content)
    slow = build_message(content, templates, recipient, ctx)
    fast = MessageFactory(content, templates, ctx).build(recipient).data
    return slow, fast


def assert_same_message(slow: bytes, fast: bytes) -> None:
    assert_wire_ready(slow)
    assert_wire_ready(fast)
    slow_message, fast_message = parse(slow), parse(fast)
    assert header_view(fast_message) == header_view(slow_message)
    assert part_views(fast_message) == part_views(slow_message)
    assert not fast_message.defects
    assert not slow_message.defects


def recipient(name: str = "Zoë Ünal", **fields: str) -> Subscriber:
    return Subscriber(id=9, email="zoe@example.org", name=name, attributes=fields)


NAMES = [
    "Zoë Ünal",
    "山田太郎",
    "",
    "Smith, John",
    'Jo "JJ" O\'Brien \\',
    "=?utf-8?q?Mallory?=",
    "A. N. Other",
    "x" * 90,
    "Zoë " * 40,
    "  spaced \t out  ",
    "emoji 🎉 name",
    "Zoë Ünal-Schmidt von Habsburg-Lothringen, Geschäftsführerin Forschung",
    "0 000\x80\x80" + "ࠀ" * 12 + " \x80",  # a space where a long name is split
]


@pytest.mark.parametrize("name", NAMES)
def test_to_header_matches_reference_for_name(name: str, ctx: MessageContext) -> None:
    slow, fast = build_both(FIELD_TEMPLATES, recipient(name, s="x", t="x", h="x"), ctx)
    assert_same_message(slow, fast)
    to = dict(header_view(parse(fast)))["to"]
    assert to == [(" ".join(name.split()), "zoe@example.org")]


SUBJECTS = [
    "Quarterly figures",
    "Grüße aus Köln — Ihr Newsletter",
    "山田さん、お知らせです",
    "word " * 60 + "end",
    "x" * 1200,
    "Ünïcödé " * 30,
    "=?utf-8?b?SGk=?= literal",
    "tab\tinside",
    "  surrounded  ",
    "a  double  space " + "y" * 80,
    "",
    "🎉 launch",
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_subject_matches_reference(subject: str, ctx: MessageContext) -> None:
    slow, fast = build_both(FIELD_TEMPLATES, recipient(s=subject, t="x", h="x"), ctx)
    assert_same_message(slow, fast)
    assert str(parse(fast)["subject"]) == subject.strip()


BODIES = [
    "plain text",
    "x" * 2500,
    "line\n.\n.leading dot\n..two\nFrom the start\n>From quoted\n",
    "trailing space \ntrailing tab\t\n",
    "crlf\r\nand cr\rand lf\n\n\n",
    "Grüße, 山田 " * 200,
    "",
    "=3D already encoded? =\n=",
    "\x00\x01 control \x7f chars\v\f",
]


@pytest.mark.parametrize("body", BODIES)
def test_bodies_match_reference_and_decode_to_the_rendered_text(
    body: str, ctx: MessageContext
) -> None:
    slow, fast = build_both(FIELD_TEMPLATES, recipient(s="s", t=body, h=body), ctx)
    assert_same_message(slow, fast)
    text, html = (p.content for p in part_views(parse(fast)) if p.content is not None)
    assert text == body_lines(body)
    assert html == body_lines(f"<html><body>{_escaped(body)}</body></html>")


def _escaped(text: str) -> str:
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
    return "".join(table.get(c, c) for c in text)


@pytest.mark.parametrize("html", [True, False])
@pytest.mark.parametrize("count", [0, 1, len(ATTACHMENTS)])
def test_structure_matches_reference(html: bool, count: int, ctx: MessageContext) -> None:
    content = replace(
        FIELD_TEMPLATES,
        html=FIELD_TEMPLATES.html if html else None,
        attachments=ATTACHMENTS[:count],
    )
    slow, fast = build_both(content, recipient(s="s", t="t", h="h"), ctx)
    assert_same_message(slow, fast)
    types = [p.content_type for p in part_views(parse(fast))]
    expected = ["text/plain"] if not html else ["multipart/alternative", "text/plain", "text/html"]
    if count:
        expected = ["multipart/mixed", *expected]
    assert types[: len(expected)] == expected
    assert len(types) == len(expected) + count


def test_attachments_arrive_byte_for_byte_with_their_names_and_types(
    ctx: MessageContext,
) -> None:
    content = replace(FIELD_TEMPLATES, attachments=ATTACHMENTS)
    slow, fast = build_both(content, recipient(s="s", t="t", h="h"), ctx)
    assert_same_message(slow, fast)
    files = [p for p in part_views(parse(fast)) if p.disposition == "attachment"]
    assert [(p.filename, p.content) for p in files] == [(a.filename, a.data) for a in ATTACHMENTS]
    assert [p.content_type for p in files] == [
        "application/pdf",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/png",
        "text/plain",
    ]
    assert all(p.encoding == "base64" for p in files)


def test_text_parts_are_utf8_quoted_printable_in_both_paths(ctx: MessageContext) -> None:
    slow, fast = build_both(FIELD_TEMPLATES, recipient(s="s", t="Grüße", h="Grüße"), ctx)
    for data in (slow, fast):
        texts = [p for p in part_views(parse(data)) if p.content_type.startswith("text/")]
        assert [(p.params, p.encoding) for p in texts] == [
            ((("charset", "utf-8"),), "quoted-printable")
        ] * 2


def test_a_boundary_found_in_a_body_sends_the_reference_message(ctx: MessageContext) -> None:
    templates = compile_templates(FIELD_TEMPLATES)
    factory = MessageFactory(FIELD_TEMPLATES, templates, ctx, boundary="CUT")
    person = recipient(s="s", t="a line with CUTa in it\n--CUTa\n", h="h")
    envelope = factory.build(person)
    assert b"CUTa" not in envelope.data.split(b"\r\n\r\n", 1)[0]  # other boundaries
    assert_same_message(build_message(FIELD_TEMPLATES, templates, person, ctx), envelope.data)
    assert part_views(parse(envelope.data))[1].content == body_lines(person.attributes["t"])


def test_unaffected_messages_keep_the_given_boundary(ctx: MessageContext) -> None:
    factory = MessageFactory(
        FIELD_TEMPLATES, compile_templates(FIELD_TEMPLATES), ctx, boundary="CUT"
    )
    assert b' boundary="CUTa"' in factory.build(recipient(s="s", t="t", h="h")).data


def test_headers_come_in_the_same_order_in_both_paths(ctx: MessageContext) -> None:
    slow, fast = build_both(FIELD_TEMPLATES, recipient(s="s", t="t", h="h"), ctx)
    assert [n for n, _ in header_view(parse(fast))] == [
        "from",
        "to",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "list-id",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "x-mailbrake-mailout",
        "content-type",
    ]
    assert [n for n, _ in header_view(parse(slow))] == [n for n, _ in header_view(parse(fast))]


def test_folded_header_lines_stay_within_78_characters(ctx: MessageContext) -> None:
    person = recipient("Zoë " * 40, s="Grüße " * 50, t="t", h="h")
    _, fast = build_both(FIELD_TEMPLATES, person, ctx)
    head = fast.split(b"\r\n\r\n", 1)[0] + b"\r\n"
    long = [line for line in lines_of(head) if len(line) > 78]
    assert all(line.startswith(b"List-Unsubscribe: ") for line in long)


# Unpaired surrogates cannot be sent at all; test_headers covers them.
header_text = st.text(st.characters(exclude_characters=LINE_BREAKS, codec="utf-8"), max_size=200)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=header_text, subject=header_text, text=st.text(), html=st.text())
def test_random_recipients_get_the_same_message_from_both_paths(
    name: str, subject: str, text: str, html: str, ctx: MessageContext
) -> None:
    content = replace(FIELD_TEMPLATES, attachments=ATTACHMENTS[1:3])
    slow, fast = build_both(content, recipient(name, s=subject, t=text, h=html), ctx)
    assert_same_message(slow, fast)
    message = parse(fast)
    assert str(message["subject"]) == subject.strip()
    assert dict(header_view(message))["to"] == [(" ".join(name.split()), "zoe@example.org")]
    assert part_views(message)[2].content == body_lines(text)

"""The fast path: wire-ready bytes, stable ids, verifiable links, previews identical to sends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mailbrake.errors import InputError
from mailbrake.mime.context import MessageContext, message_id_for
from mailbrake.mime.fast import MessageFactory, preview_message
from mailbrake.mime.templates import TemplatePartError, compile_templates
from mailbrake.mime.tokens import verify_token
from mailbrake.models import MailoutContent, Subscriber
from tests.mime.wire import assert_wire_ready, parse


def factory_for(content: MailoutContent, ctx: MessageContext) -> MessageFactory:
    return MessageFactory(content, compile_templates(content), ctx)


def test_envelope_carries_sender_recipient_and_the_message_id_in_the_header(
    content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    envelope = factory_for(content, ctx).build(zoe)
    assert (envelope.sender, envelope.recipient) == ("news@example.org", "zoe@example.org")
    assert parse(envelope.data)["message-id"] == envelope.message_id
    assert envelope.message_id == message_id_for(ctx.with_domain_of(content.from_addr), zoe.id)


def test_message_is_crlf_only_7bit_and_within_line_limits(
    content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    long_line = replace(content, text="{{ name }} " + "x" * 3000 + "\n.\nFrom here\n")
    assert_wire_ready(factory_for(long_line, ctx).build(zoe).data)


def test_message_ids_are_unique_across_ten_thousand_recipients(
    content: MailoutContent, ctx: MessageContext
) -> None:
    factory = factory_for(replace(content, html=None, attachments=()), ctx)
    people = [Subscriber(i, f"user{i}@example.org", f"User {i}") for i in range(10_000)]
    ids = {factory.build(person).message_id for person in people}
    assert len(ids) == 10_000


def test_resend_from_a_new_factory_is_the_same_bytes_with_the_same_message_id(
    content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    first = factory_for(content, ctx).build(zoe)
    again = factory_for(content, ctx).build(zoe)
    assert again == first


def test_preview_is_exactly_what_the_factory_sends(
    content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    assert preview_message(content, ctx, zoe) == factory_for(content, ctx).build(zoe).data


def test_list_unsubscribe_link_verifies_for_this_list_and_recipient(
    content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    message = parse(factory_for(content, ctx).build(zoe).data)
    link = str(message["list-unsubscribe"])
    assert link.startswith("<http://127.0.0.1:8025/u/")
    assert link.endswith(">")
    token = link[1:-1].rsplit("/", 1)[1]
    assert verify_token(ctx.secret, "unsubscribe", token) == {"l": ctx.list_id, "s": zoe.id}
    assert str(message["list-unsubscribe-post"]) == "List-Unsubscribe=One-Click"
    assert str(message["list-id"]) == "<all-staff.example.org>"
    assert str(message["x-mailbrake-mailout"]) == "42"


def test_each_recipient_gets_their_own_fields(content: MailoutContent, ctx: MessageContext) -> None:
    factory = factory_for(content, ctx)
    for person in (Subscriber(1, "a@example.org", "Ann"), Subscriber(2, "b@example.org", "Bob")):
        message = parse(factory.build(person).data)
        assert str(message["subject"]) == f"News for {person.name}"
        text = message.get_body(("plain",))
        assert text is not None
        assert text.get_content().startswith(f"Hello {person.name},")


def test_missing_field_stops_that_recipient_with_a_template_error(
    content: MailoutContent, ctx: MessageContext
) -> None:
    factory = factory_for(replace(content, subject="{{ company }}"), ctx)
    with pytest.raises(TemplatePartError, match="'company'"):
        factory.build(Subscriber(1, "a@example.org", "Ann"))


def test_bad_from_address_is_refused_before_any_message_is_built(
    content: MailoutContent, ctx: MessageContext
) -> None:
    with pytest.raises(InputError, match="from address"):
        factory_for(replace(content, from_addr="Newsroom"), ctx)


def test_a_file_name_holding_the_boundary_moves_the_boundary(
    content: MailoutContent, zoe: Subscriber, ctx: MessageContext
) -> None:
    plain = factory_for(content, ctx).build(zoe).data
    stem = plain.split(b'boundary="', 1)[1].split(b'"', 1)[0][:-1].decode()
    attachment = replace(content.attachments[0], filename=f"{stem}m.pdf")
    tricky = replace(content, attachments=(attachment,))
    data = factory_for(tricky, ctx).build(zoe).data
    assert f'boundary="{stem}m"'.encode() not in data
    message = parse(data)
    assert [p.get_filename() for p in message.iter_attachments()] == [f"{stem}m.pdf"]
    assert not message.defects

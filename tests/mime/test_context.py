"""Message context: stable Message-IDs, list ids, unsubscribe links, and checked inputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from mailbrake.mime.context import (
    MessageContext,
    list_id,
    list_slug,
    list_unsubscribe,
    message_id_for,
    unsubscribe_url,
)
from mailbrake.mime.tokens import verify_token
from mailbrake.models import Mailout, MailoutContent, MailoutState


def test_message_id_is_the_same_for_the_same_mailout_and_recipient(ctx: MessageContext) -> None:
    ctx = ctx.with_domain_of("news@Example.org")
    assert message_id_for(ctx, 5) == message_id_for(ctx, 5)
    assert message_id_for(ctx, 5).startswith("<mb.42.5.")
    assert message_id_for(ctx, 5).endswith("@example.org>")


def test_message_id_differs_by_recipient_mailout_and_secret(ctx: MessageContext) -> None:
    ctx = ctx.with_domain_of("news@example.org")
    ids = {
        message_id_for(ctx, 5),
        message_id_for(ctx, 6),
        message_id_for(replace(ctx, mailout_id=43), 5),
        message_id_for(replace(ctx, secret=b"another"), 5),
    }
    assert len(ids) == 4


def test_message_id_needs_a_domain(ctx: MessageContext) -> None:
    with pytest.raises(ValueError, match="with_domain_of"):
        message_id_for(ctx, 5)


def test_explicit_message_id_domain_wins_over_the_from_address(ctx: MessageContext) -> None:
    ctx = replace(ctx, message_id_domain="mail.example.net").with_domain_of("a@example.org")
    assert message_id_for(ctx, 1).endswith("@mail.example.net>")


def test_for_mailout_takes_ids_and_domain_from_the_mailout() -> None:
    content = MailoutContent("News <news@example.org>", "s", "t")
    when = datetime(2026, 1, 5, tzinfo=UTC)
    mailout = Mailout(3, 9, "Staff", MailoutState.SENDING, content, when)
    ctx = MessageContext.for_mailout(mailout, secret=b"s", public_url="https://x.test", date=when)
    assert (ctx.mailout_id, ctx.list_id, ctx.message_id_domain) == (3, 9, "example.org")


def test_unsubscribe_link_carries_a_token_for_this_list_and_subscriber(
    ctx: MessageContext,
) -> None:
    url = unsubscribe_url(ctx, 77)
    assert url.startswith("http://127.0.0.1:8025/u/")
    token = url.rsplit("/", 1)[1]
    assert verify_token(ctx.secret, "unsubscribe", token) == {"l": 7, "s": 77}


def test_list_unsubscribe_adds_the_mailto_when_configured(ctx: MessageContext) -> None:
    assert list_unsubscribe(ctx, 1).count("<") == 1
    value = list_unsubscribe(replace(ctx, unsubscribe_mailto="leave@example.org"), 1)
    _, mailto = value.split(", ")
    assert mailto.startswith("<mailto:leave@example.org?subject=unsubscribe%20")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("All Staff", "all-staff"),
        ("Zoë's Ünit", "zoe-s-unit"),
        ("山田", "list-4"),
        ("--", "list-4"),
    ],
)
def test_list_slug_is_ascii_and_never_empty(name: str, expected: str) -> None:
    assert list_slug(name, 4) == expected


def test_list_id_is_slug_dot_domain(ctx: MessageContext) -> None:
    assert list_id(ctx.with_domain_of("n@example.org")) == "<all-staff.example.org>"


@pytest.mark.parametrize(
    "change",
    [
        {"secret": b""},
        {"date": datetime(2026, 1, 5)},
        {"public_url": "http://x.test/a b"},
        {"public_url": "http://x.test/>\r\nBcc: y"},
        {"message_id_domain": "evil>\r\nBcc: y"},
        {"unsubscribe_mailto": "a@b.c>, <x"},
    ],
)
def test_context_refuses_values_unfit_for_headers(
    change: dict[str, Any], ctx: MessageContext
) -> None:
    with pytest.raises(ValueError, match=r"MessageContext|public_url|not a"):
        replace(ctx, **change)

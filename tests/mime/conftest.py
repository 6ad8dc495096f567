"""Fixtures for the message builders: a mailout context, a typical content, recipients."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailbrake.mime.context import MessageContext
from mailbrake.models import Attachment, MailoutContent, Subscriber

SECRET = b"test-secret-0123456789abcdef0123"


@pytest.fixture
def ctx() -> MessageContext:
    return MessageContext(
        mailout_id=42,
        list_id=7,
        list_name="All Staff",
        secret=SECRET,
        public_url="http://127.0.0.1:8025",
        date=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )


@pytest.fixture
def content() -> MailoutContent:
    return MailoutContent(
        from_addr="Newsroom <news@example.org>",
        subject="News for {{ name }}",
        text="Hello {{ name }},\n\nThe quarterly figures are out.\n",
        html="<p>Hello {{ name }},</p>\n<p>The quarterly figures are out.</p>\n",
        attachments=(Attachment("figures.pdf", "application/pdf", b"%PDF-1.4\n\x00\xff"),),
    )


@pytest.fixture
def zoe() -> Subscriber:
    return Subscriber(id=1, email="zoe@example.org", name="Zoë Ünal", attributes={"dept": "HR"})

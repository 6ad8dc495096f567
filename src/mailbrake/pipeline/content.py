"""Compose and edit from content in hand (a web form, an API body) rather than from files."""

from __future__ import annotations

from dataclasses import dataclass

from mailbrake.errors import InputError, InputProblem
from mailbrake.mime.headers import check_no_line_break
from mailbrake.models import Attachment, MailoutContent
from mailbrake.pipeline.compose import MAX_ATTACHMENT_BYTES, check_fields, check_from
from mailbrake.store import Store


@dataclass(frozen=True, slots=True)
class ContentEdit:
    """What to change; None keeps the current value."""

    subject: str | None = None
    text: str | None = None
    html: str | None = None
    attachments: tuple[Attachment, ...] | None = None  # replaces all attachments when given


def checked_attachment(attachment: Attachment, where: str = "attachments") -> Attachment:
    size = len(attachment.data)
    if size > MAX_ATTACHMENT_BYTES:
        limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        problem = InputProblem(where, f"{attachment.filename} is {size:,} bytes (limit {limit} MB)")
        raise InputError([problem])
    return attachment


def build(from_addr: str, subject: str, text: str, html: str | None,
          attachments: tuple[Attachment, ...]) -> MailoutContent:  # fmt: skip
    check_no_line_break(subject, "subject")
    if not text.strip():
        raise InputError([InputProblem("text", "the message needs a plain-text body")])
    return MailoutContent(
        from_addr=check_from(from_addr),
        subject=subject,
        text=text,
        html=html or None,
        attachments=tuple(checked_attachment(a) for a in attachments),
    )


def compose_content(
    store: Store, list_name: str, content: MailoutContent, *, created_by: str
) -> int:
    """Validate the fields against the list, then store a draft; returns its id."""
    target = store.get_list(list_name)
    check_fields(store, target.id, target.name, content)
    return store.create_mailout(target.id, content, created_by=created_by)


def edit_content(store: Store, mailout_id: int, change: ContentEdit, *, actor: str) -> None:
    """Change a mailout's content; it becomes a draft again and must be checked again."""
    old = store.get_mailout(mailout_id)
    content = build(
        old.content.from_addr,
        old.content.subject if change.subject is None else change.subject,
        old.content.text if change.text is None else change.text,
        old.content.html if change.html is None else change.html,
        old.content.attachments if change.attachments is None else change.attachments,
    )
    target = store.get_list(old.list_name)
    check_fields(store, target.id, target.name, content)
    store.update_content(mailout_id, content, actor=actor)

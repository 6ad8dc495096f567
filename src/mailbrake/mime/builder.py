"""The reference message builder: the email package does every step, slowly and obviously right."""

from __future__ import annotations

import email.policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart

from mailbrake.mime.context import (
    MessageContext,
    list_id,
    list_unsubscribe,
    message_id_for,
)
from mailbrake.mime.headers import (
    check_address,
    clean_name,
    clean_subject,
    parse_from,
    unencodable_error,
)
from mailbrake.mime.parts import TEXT_ENCODING, attachment_part
from mailbrake.mime.templates import CompiledTemplates, RenderedParts
from mailbrake.models import Attachment, MailoutContent, Subscriber

# SMTP: CRLF line ends. refold_source="none": values set with set_raw (ids, links) go out as
# they are; the email package would otherwise turn a long URL into an encoded word.
POLICY = email.policy.SMTP.clone(refold_source="none")


def build_message(
    content: MailoutContent,
    templates: CompiledTemplates,
    recipient: Subscriber,
    ctx: MessageContext,
) -> bytes:
    """The exact bytes `recipient` gets, CRLF line ends, ready for SMTP DATA."""
    try:
        return _build(content, templates, recipient, ctx)
    except UnicodeEncodeError:
        raise unencodable_error(f"subscriber {recipient.id}") from None


def _build(
    content: MailoutContent,
    templates: CompiledTemplates,
    recipient: Subscriber,
    ctx: MessageContext,
) -> bytes:
    ctx = ctx.with_domain_of(content.from_addr)
    parts = templates.render(recipient.template_fields())
    where = f"subscriber {recipient.id}"
    msg = EmailMessage(policy=POLICY)
    _set_address(msg, "From", *parse_from(content.from_addr))
    _set_address(
        msg, "To", clean_name(recipient.name, where), check_address(recipient.email, where)
    )
    _set_text(msg, "Subject", clean_subject(parts.subject))
    msg["Date"] = ctx.date
    msg.set_raw("Message-ID", message_id_for(ctx, recipient.id))
    msg["MIME-Version"] = "1.0"
    msg.set_raw("List-Id", list_id(ctx))
    msg.set_raw("List-Unsubscribe", list_unsubscribe(ctx, recipient.id))
    msg.set_raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    msg.set_raw("X-Mailbrake-Mailout", str(ctx.mailout_id))
    _set_body(msg, parts, content.attachments)
    return msg.as_bytes()


def _set_address(msg: EmailMessage, name: str, display: str, address: str) -> None:
    if display.isascii() and "=?" not in display:
        msg[name] = Address(display_name=display, addr_spec=address)
        return
    # Header, not headerregistry, for these: headerregistry decodes a literal "=?...?=" in a
    # name, and drops a space between encoded words when it folds a long non-ASCII name.
    msg.set_raw(name, f"{_encoded(name, display)} <{address}>")


def _set_text(msg: EmailMessage, name: str, value: str) -> None:
    if "=?" not in value:
        msg[name] = value
        return
    msg.set_raw(name, _encoded(name, value))


def _encoded(name: str, value: str) -> str:
    return Header(value, "utf-8", header_name=name).encode(linesep="\r\n")


def _set_body(msg: EmailMessage, parts: RenderedParts, attachments: tuple[Attachment, ...]) -> None:
    """text/plain; or multipart/alternative (text, html); wrapped in multipart/mixed with files."""
    if parts.html is None:
        msg.set_content(parts.text, subtype="plain", charset="utf-8", cte=TEXT_ENCODING)
    else:
        msg.make_alternative()
        _attach(msg, _text_part(parts.text, "plain"))
        _attach(msg, _text_part(parts.html, "html"))
    if not attachments:
        return
    msg.make_mixed()
    for attachment in attachments:
        _attach(msg, attachment_part(attachment, POLICY))


def _text_part(text: str, subtype: str) -> MIMEPart:
    part = MIMEPart(policy=POLICY)
    part.set_content(text, subtype=subtype, charset="utf-8", cte=TEXT_ENCODING)
    return part


def _attach(msg: EmailMessage, part: MIMEPart) -> None:
    # typeshed asks for an EmailMessage; the email package takes any MIMEPart, and a plain
    # MIMEPart does not add a MIME-Version header to every part the way EmailMessage does.
    msg.attach(part)  # type: ignore[arg-type]

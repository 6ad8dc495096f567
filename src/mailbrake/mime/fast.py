"""The fast message builder: MIME structure once per mailout, each recipient's parts as bytes."""

from __future__ import annotations

import hashlib
import hmac
from email.utils import format_datetime

from mailbrake.mime.builder import POLICY, build_message
from mailbrake.mime.context import MessageContext, list_id, list_unsubscribe, message_id_for
from mailbrake.mime.headers import (
    address_header,
    check_address,
    clean_name,
    clean_subject,
    parse_from,
    unencodable_error,
    unstructured_header,
)
from mailbrake.mime.parts import TextEncoder, attachment_part, text_part_header
from mailbrake.mime.templates import CompiledTemplates, compile_templates
from mailbrake.models import Envelope, MailoutContent, Subscriber


class MessageFactory:
    """Builds each recipient's message for one mailout; what `build` returns is what is sent.

    Per recipient it only renders the templates, encodes the subject, To and bodies, and joins
    bytes. Boundaries start with "=_", which quoted-printable and base64 never produce; a
    message whose parts contain one anyway is built by the reference path instead. Given the
    same context, the same recipient always gets the same bytes (previews, resends).
    """

    def __init__(
        self,
        content: MailoutContent,
        templates: CompiledTemplates,
        ctx: MessageContext,
        *,
        boundary: str = "",
    ) -> None:
        self._content = content
        self._templates = templates
        self.context = ctx.with_domain_of(content.from_addr)
        display, self.sender = parse_from(content.from_addr)
        self._encoder = TextEncoder()
        self._stem = boundary or _boundary_stem(self.context, 0)
        self._from = address_header("From", display, self.sender)
        self._date = f"Date: {format_datetime(self.context.date)}\r\n".encode()
        self._lists = f"MIME-Version: 1.0\r\nList-Id: {list_id(self.context)}\r\n".encode()
        self._trailer = (
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            f"X-Mailbrake-Mailout: {self.context.mailout_id}\r\n"
        ).encode()
        self._open, self._between, self._close = self._skeleton()

    def build(self, recipient: Subscriber) -> Envelope:
        """The envelope and exact bytes (CRLF line ends) for `recipient`."""
        try:
            return self._build(recipient)
        except UnicodeEncodeError:
            raise unencodable_error(f"subscriber {recipient.id}") from None

    def _build(self, recipient: Subscriber) -> Envelope:
        where = f"subscriber {recipient.id}"
        address = check_address(recipient.email, where)
        to = address_header("To", clean_name(recipient.name, where), address)
        parts = self._templates.render(recipient.template_fields())
        subject = unstructured_header("Subject", clean_subject(parts.subject))
        message_id = message_id_for(self.context, recipient.id)
        text = self._encoder.encode(parts.text)
        html = self._encoder.encode(parts.html) if parts.html is not None else b""
        if self._stem.encode() in text or self._stem.encode() in html:
            data = build_message(self._content, self._templates, recipient, self.context)
            return Envelope(self.sender, address, data, message_id)
        unsubscribe = list_unsubscribe(self.context, recipient.id)
        data = b"".join(
            (
                self._from,
                to,
                subject,
                self._date,
                f"Message-ID: {message_id}\r\n".encode(),
                self._lists,
                f"List-Unsubscribe: {unsubscribe}\r\n".encode(),
                self._trailer,
                self._open,
                text,
                self._between,
                html,
                self._close,
            )
        )
        return Envelope(self.sender, address, data, message_id)

    def _skeleton(self) -> tuple[bytes, bytes, bytes]:
        """The bytes before the text body, between text and HTML, and after the last body."""
        attachments = self._attachment_blocks()  # may change the stem, so first
        alternative, mixed = f"{self._stem}a", f"{self._stem}m"
        if self._content.html is not None:
            opening = _multipart_header("alternative", alternative) + _delimiter(alternative)
            between = b"\r\n" + _delimiter(alternative) + text_part_header("html") + b"\r\n"
            closing = f"\r\n--{alternative}--\r\n".encode()
        else:
            opening, between, closing = b"", b"", b""
        opening += text_part_header("plain") + b"\r\n"
        if not attachments:
            return opening, between, closing
        opening = _multipart_header("mixed", mixed) + _delimiter(mixed) + opening
        for block in attachments:
            closing += b"\r\n" + _delimiter(mixed) + block
        return opening, between, closing + f"\r\n--{mixed}--\r\n".encode()

    def _attachment_blocks(self) -> list[bytes]:
        """Each attachment's headers and base64 body, encoded once for the whole mailout."""
        blocks = [attachment_part(a, POLICY).as_bytes() for a in self._content.attachments]
        attempt = 0
        while any(self._stem.encode() in block for block in blocks):
            # Only a file name could hold it; the next stem will not.
            attempt += 1
            self._stem = _boundary_stem(self.context, attempt)
        return blocks


def _boundary_stem(ctx: MessageContext, attempt: int) -> str:
    """Random-looking but fixed per mailout, so a preview and a resend are the same bytes.

    It starts with "=_", which quoted-printable and base64 output never contain.
    """
    key = f"boundary\0{ctx.mailout_id}\0{attempt}".encode()
    return f"=_mb_{hmac.new(ctx.secret, key, hashlib.sha256).hexdigest()[:24]}_"


def _multipart_header(subtype: str, boundary: str) -> bytes:
    return f'Content-Type: multipart/{subtype};\r\n boundary="{boundary}"\r\n\r\n'.encode()


def _delimiter(boundary: str) -> bytes:
    return f"--{boundary}\r\n".encode()


def preview_message(content: MailoutContent, ctx: MessageContext, recipient: Subscriber) -> bytes:
    """The exact bytes `recipient` would be sent, from the same path the delivery engine uses."""
    return MessageFactory(content, compile_templates(content), ctx).build(recipient).data
